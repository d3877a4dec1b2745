package io.day2ops.foundation.runtime;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Multi-row SQL in the caller's Hibernate Reactive transaction: one round trip for a whole Kafka batch instead of one
 * per event, which is what keeps intake fast.
 */
public final class NativeStatements {

    private NativeStatements() {}

    /**
     * Runs {@code INSERT INTO <table> (<columns>) VALUES (...), (...) <suffix>} for every row.
     *
     * @param suffix e.g. {@code ON CONFLICT (name) DO NOTHING RETURNING name}
     * @param rows one array of column values per row
     * @param resultType the type of the single RETURNING column, or null for no RETURNING
     * @return the RETURNING values (empty without RETURNING)
     */
    public static <R> Uni<List<R>> insertRows(
            String table, List<String> columns, String suffix, List<Object[]> rows, Class<R> resultType) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        StringBuilder sql = new StringBuilder("INSERT INTO ")
                .append(table)
                .append(" (")
                .append(String.join(", ", columns))
                .append(") VALUES ");
        List<Object> parameters = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            Object[] row = rows.get(r);
            if (row.length != columns.size()) {
                throw new IllegalArgumentException(
                        "row " + r + " has " + row.length + " values for " + columns.size() + " columns");
            }
            sql.append(r == 0 ? "(" : ", (");
            for (int c = 0; c < row.length; c++) {
                parameters.add(row[c]);
                sql.append(c == 0 ? "" : ", ").append('?').append(parameters.size());
            }
            sql.append(')');
        }
        sql.append(' ').append(suffix);
        return Panache.getSession().chain(session -> {
            if (resultType == null) {
                var query = session.createNativeQuery(sql.toString());
                for (int i = 0; i < parameters.size(); i++) {
                    query.setParameter(i + 1, parameters.get(i));
                }
                return query.executeUpdate().replaceWith(List.<R>of());
            }
            var query = session.createNativeQuery(sql.toString(), resultType);
            for (int i = 0; i < parameters.size(); i++) {
                query.setParameter(i + 1, parameters.get(i));
            }
            return query.getResultList();
        });
    }

    /**
     * A {@code timestamptz} column of a native query's row as an instant (null stays null): Hibernate Reactive hands it
     * over as an {@code OffsetDateTime}, an {@code Instant} or a {@code Timestamp} depending on the query.
     */
    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalArgumentException(
                "not a timestamp: " + value.getClass().getName());
    }
}
