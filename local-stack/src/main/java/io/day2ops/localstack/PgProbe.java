package io.day2ops.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

public class PgProbe {
    public static void main(String[] args) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            System.out.println("PG port " + pg.getPort());
        }
    }
}
