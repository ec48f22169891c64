package dev.modelcompose.engine.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Puts problems in the order a user reads a file: by file, line and column; drops duplicates; caps the count. */
final class ProblemOrder {
    static final int MAX_PROBLEMS = 20;

    private ProblemOrder() {
    }

    static List<Problem> sortedUnique(List<Problem> problems, ConfigNode root) {
        Map<String, Problem> unique = new LinkedHashMap<>();
        for (Problem problem : problems) {
            unique.putIfAbsent(problem.format(), problem);
        }
        List<Problem> sorted = new ArrayList<>(unique.values());
        sorted.sort(Comparator.comparing((Problem p) -> p.mark().file())
                .thenComparingInt(p -> p.mark().line())
                .thenComparingInt(p -> p.mark().column())
                .thenComparing(Problem::message));
        if (sorted.size() > MAX_PROBLEMS) {
            int more = sorted.size() - MAX_PROBLEMS;
            sorted = new ArrayList<>(sorted.subList(0, MAX_PROBLEMS));
            sorted.add(new Problem(root.mark(), "", "... and " + more + " more problems", null));
        }
        return sorted;
    }
}
