package dev.modelcompose.engine.runtime;

import java.util.concurrent.ThreadLocalRandom;

/**
 * ULIDs (26 characters of Crockford base32: 48 bits of milliseconds, then 80 random bits) for task and run ids.
 * They sort by creation time to the millisecond.
 */
public final class Ulid {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private Ulid() {
    }

    /** A new ULID. */
    public static String next() {
        return of(System.currentTimeMillis(), ThreadLocalRandom.current());
    }

    static String of(long millis, java.util.Random random) {
        char[] text = new char[26];
        long time = millis;
        for (int i = 9; i >= 0; i--) {
            text[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        long high = random.nextLong() & 0xFF_FFFF_FFFFL; // 40 bits
        long low = random.nextLong() & 0xFF_FFFF_FFFFL;  // 40 bits
        for (int i = 17; i >= 10; i--) {
            text[i] = ALPHABET[(int) (high & 31)];
            high >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            text[i] = ALPHABET[(int) (low & 31)];
            low >>>= 5;
        }
        return new String(text);
    }
}
