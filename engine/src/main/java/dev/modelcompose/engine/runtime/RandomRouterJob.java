package dev.modelcompose.engine.runtime;

import io.vertx.core.Future;

import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code type: random-router}: routes to one of its {@code routings}, uniformly or by relative weight (entries with
 * a weight of 0 or less are never picked).
 */
final class RandomRouterJob implements JobExecutor {
    private final Route[] targets;
    private final double[] weights;
    private final double total;

    /** {@code weights} null: uniform. */
    RandomRouterJob(Route[] targets, double[] weights) {
        this.targets = targets;
        this.weights = weights;
        double sum = 0;
        if (weights != null) {
            for (double weight : weights) {
                sum += weight > 0 ? weight : 0;
            }
        }
        this.total = sum;
    }

    @Override
    public Future<Object> execute(JobAttempt attempt) {
        if (targets.length == 0) {
            return Future.succeededFuture(null);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (weights == null) {
            return Future.succeededFuture(targets[random.nextInt(targets.length)]);
        }
        if (total <= 0) {
            return Future.succeededFuture(null);
        }
        double point = random.nextDouble(total);
        Route last = null;
        for (int i = 0; i < targets.length; i++) {
            if (weights[i] > 0) {
                last = targets[i];
                point -= weights[i];
                if (point < 0) {
                    return Future.succeededFuture(targets[i]);
                }
            }
        }
        return Future.succeededFuture(last);
    }
}
