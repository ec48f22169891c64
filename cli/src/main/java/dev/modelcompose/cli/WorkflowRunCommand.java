package dev.modelcompose.cli;

import dev.modelcompose.engine.controller.SecretRedactor;
import dev.modelcompose.engine.load.ComposeException;
import dev.modelcompose.engine.load.DidYouMean;
import dev.modelcompose.engine.load.Problem;
import dev.modelcompose.engine.load.SourceMark;
import dev.modelcompose.engine.model.ComposeFile;
import dev.modelcompose.engine.model.WorkflowSpec;
import dev.modelcompose.engine.spi.Cancellation;
import dev.modelcompose.engine.spi.ComponentTypes;
import dev.modelcompose.engine.value.ChunkStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code compose run [WORKFLOW]}: runs one workflow once and prints its output on stdout, as one JSON document, or
 * chunk by chunk when the output is a stream.
 */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = ComposeVersionProvider.class,
        description = "Run a workflow once and print its output as JSON (a streamed output prints one chunk per line).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the workflow succeeded", "1:the workflow failed", "2:invalid compose file or arguments",
                "130:interrupted (Ctrl-C)"})
public final class WorkflowRunCommand implements Callable<Integer> {

    @ParentCommand
    ComposeMain parent;

    @Spec
    CommandSpec spec;

    @Mixin
    ComposeFileOptions fileOptions;

    @Parameters(index = "0", arity = "0..1", paramLabel = "WORKFLOW",
            description = "Workflow id. Default: the only workflow, or the one with default: true.")
    String workflowId;

    @Option(names = {"-i", "--input"}, paramLabel = "JSON|@FILE",
            description = "The workflow input as JSON, or @file.json to read it from a file. Default: {}.")
    String input;

    @Option(names = {"-m", "--metadata"}, paramLabel = "JSON|@FILE",
            description = "Metadata for the run, readable as $${context.metadata}. Default: none.")
    String metadata;

    @Override
    public Integer call() {
        CliEnvironment environment = parent.environment();
        Object inputValue = input == null ? new LinkedHashMap<String, Object>()
                : JsonArgument.parse("--input", input, environment);
        Map<String, Object> metadataValue = metadata == null ? Map.of() : metadataObject(environment);

        ComponentTypes types = ComponentTypes.discover();
        ComposeFile file = fileOptions.load(parent.fileOptions(), environment, types);
        WorkflowSpec workflow = file.workflow(workflowId).orElseThrow(() -> unknownWorkflow(file));

        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Cancellation cancellation = new Cancellation();
        CompletableFuture<Integer> signalled = new CompletableFuture<>();
        AtomicReference<ChunkStream> stream = new AtomicReference<>();
        try (WorkflowExecution execution = WorkflowExecution.prepare(file, types);
             InterruptSignal ignored = InterruptSignal.onInterrupt(code -> {
                 // first the exit code, then the cancellation (which fails the run at once)
                 signalled.complete(code);
                 cancellation.cancel("cancelled");
                 ChunkStream current = stream.get();
                 if (current != null) {
                     current.cancel();
                 }
             })) {
            SecretRedactor redactor = new SecretRedactor(execution.runtime().environment(), null);
            CompletableFuture<Object> output = execution.start(workflow.id())
                    .compose(v -> execution.run(workflow.id(), inputValue, metadataValue, cancellation))
                    .toCompletionStage().toCompletableFuture();
            CompletableFuture.anyOf(output, signalled).handle((v, e) -> null).join();
            if (signalled.isDone()) {
                return cancelled(signalled, err);
            }
            Object value;
            try {
                value = output.join();
            } catch (CompletionException | CancellationException failure) {
                return reportFailure(failure, err, redactor);
            }
            if (!(value instanceof ChunkStream chunks)) {
                out.println(JsonOutput.document(value));
                out.flush();
                return 0;
            }
            stream.set(chunks);
            return printStream(chunks, signalled, out, err, redactor);
        }
    }

    /** Prints each chunk as it arrives, on this thread, until the stream ends, fails or a signal comes. */
    private static int printStream(ChunkStream chunks, CompletableFuture<Integer> signalled, PrintWriter out,
                                   PrintWriter err, SecretRedactor redactor) {
        ChunkQueue queue = new ChunkQueue();
        chunks.subscribe(queue);
        try {
            while (true) {
                Object next = queue.poll(100);
                if (signalled.isDone()) {
                    chunks.cancel();
                    return cancelled(signalled, err);
                }
                if (next == ChunkQueue.END) {
                    return 0;
                }
                if (next != null) {
                    out.println(JsonOutput.chunkLine(next));
                    out.flush();
                    if (out.checkError()) {
                        // the reader went away (`| head -1`): stop the producer instead of draining it
                        chunks.cancel();
                        return ComposeMain.EXIT_BROKEN_PIPE;
                    }
                }
            }
        } catch (ChunkQueue.StreamFailedException failure) {
            if (signalled.isDone()) {
                return cancelled(signalled, err);
            }
            return reportFailure(failure.getCause(), err, redactor);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            chunks.cancel();
            return ComposeMain.EXIT_INTERRUPTED;
        }
    }

    private static int cancelled(CompletableFuture<Integer> signalled, PrintWriter err) {
        err.println("cancelled");
        err.flush();
        return signalled.join();
    }

    private Map<String, Object> metadataObject(CliEnvironment environment) {
        Object value = JsonArgument.parse("--metadata", metadata, environment);
        if (!(value instanceof Map<?, ?> map)) {
            throw new BadArgumentException("--metadata must be a JSON object");
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }

    private ComposeException unknownWorkflow(ComposeFile file) {
        String known = String.join(", ", file.workflows().keySet());
        String where = String.join(", ", file.files());
        String message;
        if (workflowId == null) {
            message = file.workflows().isEmpty() ? "the file has no workflow"
                    : "there are " + file.workflows().size() + " workflows and none has default: true";
            return new ComposeException(new Problem(new SourceMark(where, 0, 0), "", message,
                    file.workflows().isEmpty() ? null : "name one: " + known));
        }
        message = "unknown workflow '" + workflowId + "'";
        String hint = DidYouMean.hint(workflowId, file.workflows().keySet());
        if (hint == null) {
            hint = known.isEmpty() ? "the file has no workflow" : "known workflows: " + known;
        }
        return new ComposeException(new Problem(new SourceMark(where, 0, 0), "", message, hint));
    }

    /** One line on stderr; secret-named {@code ${env.X}} values are written as {@code ***}, never a class name. */
    private static int reportFailure(Throwable failure, PrintWriter err, SecretRedactor redactor) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ComposeException compose) {
            compose.problems().forEach(p -> err.println(p.format()));
            err.flush();
            return ComposeMain.EXIT_INVALID;
        }
        String message = cause.getMessage() == null || cause.getMessage().isBlank()
                ? "the run failed unexpectedly" : cause.getMessage();
        err.println("error: " + redactor.redact(message));
        err.flush();
        return ComposeMain.EXIT_WORKFLOW_FAILED;
    }
}
