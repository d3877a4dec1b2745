package io.day2ops.dr.domain;

/** What a drill row is: a rehearsal that cleans up after itself, or a failover that keeps what it restored. */
public enum DrillKind {
    /** {@code DrillRequested}: restore, verify, measure, clean up; answered with {@code DrillCompleted}. */
    DRILL("drill"),
    /** {@code FailoverRequested}: the same stages, nothing cleaned up; answered with {@code FailoverCompleted}. */
    FAILOVER("failover");

    private final String stored;

    DrillKind(String stored) {
        this.stored = stored;
    }

    /** The value in the {@code kind} column and in logs. */
    public String stored() {
        return stored;
    }

    public static DrillKind ofStored(String value) {
        for (DrillKind kind : values()) {
            if (kind.stored.equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown drill kind '" + value + "'");
    }

    @Override
    public String toString() {
        return stored;
    }
}
