package dev.modelcompose.engine.models;

import java.util.List;

/**
 * A Hub repository as the Hub describes it at one revision.
 *
 * @param repository  {@code org/name}
 * @param commit      the commit the revision points at
 * @param files       its files (repository paths)
 * @param pipelineTag the task the Hub files it under ({@code feature-extraction}, {@code text-generation}, ...),
 *                    null when none
 */
public record HubRepositoryInfo(String repository, String commit, List<String> files, String pipelineTag) {
}
