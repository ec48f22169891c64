package dev.modelcompose.engine.model;

import dev.modelcompose.engine.binding.Condition;
import dev.modelcompose.engine.binding.Operator;
import dev.modelcompose.engine.binding.Template;

import java.time.Duration;
import java.util.List;

/** What a job does, one record per job {@code type:}. */
public sealed interface JobBody {

    /** The job {@code type:} as written in files. */
    String type();

    /**
     * {@code type: component} (the default).
     *
     * @param component   the id of the component (an inline component gets a generated id, see the binder)
     * @param action      the action id, or {@link JobSpec#DEFAULT_REFERENCE}
     * @param input       null when absent or empty: the whole workflow input is passed
     * @param repeatCount null for 1; else renders to an integer >= 1; repeats run concurrently, output is a list
     */
    record ComponentCall(String component, String action, Template input, Template repeatCount) implements JobBody {
        @Override
        public String type() {
            return "component";
        }
    }

    /** {@code type: if}: conditions in order, then {@code otherwise}. */
    record If(Template input, List<IfCondition> conditions, String otherwise) implements JobBody {
        @Override
        public String type() {
            return "if";
        }
    }

    /**
     * One condition of an {@code if} job: {@code operator(input, value)}. {@code input} null means the job's input.
     * A match routes to {@code ifTrue}; no match with an {@code ifFalse} routes there at once (later conditions are
     * not tried); otherwise the next condition is tried.
     */
    record IfCondition(Template input, Operator operator, Template value, String ifTrue, String ifFalse) {
    }

    /** {@code type: switch}: {@code input} null means the whole workflow input. */
    record Switch(Template input, List<SwitchCase> cases, String otherwise) implements JobBody {
        @Override
        public String type() {
            return "switch";
        }
    }

    record SwitchCase(Template value, String then) {
    }

    /** {@code type: random-router}. */
    record RandomRouter(boolean weighted, List<Routing> routings) implements JobBody {
        @Override
        public String type() {
            return "random-router";
        }
    }

    record Routing(String to, double weight) {
    }

    /** {@code type: filter}: keeps the items where {@code where} holds; {@code ${item}}, {@code ${index}}. */
    record Filter(Template input, Condition where, boolean streaming) implements JobBody {
        @Override
        public String type() {
            return "filter";
        }
    }

    /**
     * {@code type: for-each}: calls a component for every item, {@code batchSize} at a time, order kept.
     *
     * @param doInput  null: the item itself is the component input
     * @param doOutput null: pass-through; else rendered over {@code ${output}} (and {@code ${item}}) per item
     */
    record ForEach(Template input, int batchSize, boolean streaming, String component, String action,
                   Template doInput, Template doOutput) implements JobBody {
        @Override
        public String type() {
            return "for-each";
        }
    }

    /** {@code type: delay}: waits {@code duration}, or until {@code time} (ISO local time/date-time) in {@code timezone}. */
    record Delay(Duration duration, String time, String timezone) implements JobBody {
        @Override
        public String type() {
            return "delay";
        }
    }
}
