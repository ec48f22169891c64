package dev.modelcompose.engine.runtime;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CancellationException;

/**
 * {@code type: delay}: waits {@code duration} on a Vert.x timer, or until {@code time} (an ISO time of day, which
 * means its next occurrence, or a date-time) in {@code timezone} (default: the system's). Output null. Cancellable.
 */
final class DelayJob implements JobExecutor {
    private final String jobId;
    private final Duration duration;
    private final String time;
    private final ZoneId zone;

    DelayJob(String jobId, Duration duration, String time, String timezone) {
        this.jobId = jobId;
        this.duration = duration;
        this.time = time;
        this.zone = timezone == null ? ZoneId.systemDefault() : ZoneId.of(timezone);
    }

    @Override
    public boolean waits() {
        return true;
    }

    @Override
    public Future<Object> execute(JobAttempt attempt) {
        long millis = time == null ? (duration == null ? 0 : duration.toMillis()) : millisUntil(time);
        if (millis <= 0) {
            return Future.succeededFuture(null);
        }
        Promise<Object> done = Promise.promise();
        long timer = attempt.vertx().setTimer(millis, id -> done.tryComplete(null));
        attempt.cancellation.onCancel(() -> {
            attempt.vertx().cancelTimer(timer);
            done.tryFail(new CancellationException(attempt.cancellation.reason()));
        });
        return done.future();
    }

    private long millisUntil(String when) {
        ZonedDateTime now = ZonedDateTime.now(zone);
        ZonedDateTime target;
        try {
            if (when.contains("T") || when.contains(" ")) {
                String iso = when.replace(' ', 'T');
                try {
                    target = OffsetDateTime.parse(iso).atZoneSameInstant(zone);
                } catch (DateTimeParseException noOffset) {
                    target = LocalDateTime.parse(iso).atZone(zone);
                }
            } else {
                target = now.with(LocalTime.parse(when));
                if (!target.isAfter(now)) {
                    target = target.plusDays(1);
                }
            }
        } catch (DateTimeParseException error) {
            throw new IllegalArgumentException("delay job '" + jobId + "': time '" + when
                    + "' is not an ISO time (HH:MM[:SS]) or date-time (YYYY-MM-DDTHH:MM[:SS])");
        }
        return Duration.between(now, target).toMillis();
    }
}
