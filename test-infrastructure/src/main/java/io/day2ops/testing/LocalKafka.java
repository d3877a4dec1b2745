package io.day2ops.testing;

import io.day2ops.events.EventType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A standalone single-node KRaft broker secured the way production runs one: its only client listener is SASL_SSL
 * (SCRAM-SHA-512 over TLS with a certificate from a CA made for this broker), the StandardAuthorizer denies what no
 * ACL allows, and every principal of {@link BusAccess} gets exactly its ACLs. The controller listener is
 * SASL_PLAINTEXT/PLAIN for the super user {@code admin} only, on loopback (SCRAM users live in the metadata log, which
 * the controller serves). The client listener also takes PLAIN (always inside TLS) with the same passwords, for
 * librdkafka clients older than 2.6.1 — kcat as packaged by Debian and Ubuntu — which cannot do SCRAM against Kafka 4
 * (confluentinc/librdkafka#4895). Everything it needs is made on first start under the state folder and kept:
 *
 * <ul>
 *   <li>{@code security/ca.pem} — the CA clients trust ({@code ssl.truststore.type=PEM});
 *   <li>{@code security/<principal>.password} — each principal's random SCRAM password (mode 600);
 *   <li>{@code security/broker.p12} — the broker's key and certificate (SAN 127.0.0.1, localhost);
 *   <li>{@code server.properties}, {@code data/}.
 * </ul>
 *
 * <p>Usage: {@code LocalKafka <port> <controller-port> <state-dir> <ready-file>}; the ready file appears once ACLs and
 * topics are in place.
 */
public final class LocalKafka {

    private LocalKafka() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: LocalKafka <port> <controller-port> <state-dir> <ready-file>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int controllerPort = Integer.parseInt(args[1]);
        Path state = Path.of(args[2]).toAbsolutePath();
        Path ready = Path.of(args[3]);
        Files.deleteIfExists(ready);
        Path security = state.resolve("security");
        if (!Files.isRegularFile(security.resolve("ca.pem"))) {
            // a broker from before security (or a half-made one): its log has none of our users; start over
            deleteTree(state.resolve("data"));
            BrokerSecurity.create(security);
        }
        BrokerSecurity.addMissingPasswords(security);
        Path config = writeConfig(state, security, port, controllerPort);
        if (!Files.isRegularFile(state.resolve("data").resolve("meta.properties"))) {
            format(state, config, security);
        }
        Thread setUp = new Thread(
                () -> {
                    try {
                        awaitPort(port);
                        grantAndCreateTopics(port, security);
                        Files.writeString(ready, "SASL_SSL://127.0.0.1:" + port + "\n");
                        System.out.println("Kafka ready on SASL_SSL://127.0.0.1:" + port + " with "
                                + BusAccess.bindings().size() + " ACLs; credentials in " + security);
                    } catch (Exception e) {
                        e.printStackTrace();
                        System.err.println("setting up the broker's ACLs and topics failed; stopping it");
                        System.exit(1);
                    }
                },
                "local-kafka-setup");
        setUp.setDaemon(true);
        setUp.start();
        kafka.Kafka.main(new String[] {config.toString()});
    }

    /** The SCRAM password of {@code principal} in a broker's security folder. */
    public static String password(Path security, String principal) {
        try {
            return Files.readString(security.resolve(principal + ".password")).trim();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "no Kafka credentials for '" + principal + "' in " + security + " (principals: admin, "
                            + String.join(", ", BusAccess.PRINCIPALS.keySet()) + ")",
                    e);
        }
    }

    private static Path writeConfig(Path state, Path security, int port, int controllerPort) throws IOException {
        String admin = password(security, BusAccess.ADMIN);
        StringBuilder plainUsers = new StringBuilder();
        List<String> principals = new ArrayList<>(List.of(BusAccess.ADMIN));
        principals.addAll(BusAccess.PRINCIPALS.keySet());
        for (String principal : principals) {
            plainUsers
                    .append(" user_")
                    .append(principal)
                    .append("=\"")
                    .append(password(security, principal))
                    .append('"');
        }
        String keystorePassword =
                Files.readString(security.resolve("broker.keystore.password")).trim();
        String properties = String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "listeners=SASL_SSL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=SASL_SSL://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,SASL_SSL:SASL_SSL",
                "inter.broker.listener.name=SASL_SSL",
                // PLAIN (over TLS only) as well, for librdkafka clients older than 2.6.1 (kcat from Debian/Ubuntu):
                // they cannot do SCRAM against Kafka 4 (confluentinc/librdkafka#4895)
                "sasl.enabled.mechanisms=SCRAM-SHA-512,PLAIN",
                "listener.name.sasl_ssl.sasl.enabled.mechanisms=SCRAM-SHA-512,PLAIN",
                "listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
                        + " required username=\"admin\" password=\"" + admin + "\"" + plainUsers + ";",
                "sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512",
                "sasl.mechanism.controller.protocol=PLAIN",
                "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
                "listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
                        + " required username=\"admin\" password=\"" + admin + "\" user_admin=\"" + admin + "\";",
                "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram"
                        + ".ScramLoginModule required username=\"admin\" password=\"" + admin + "\";",
                "ssl.keystore.type=PKCS12",
                "ssl.keystore.location=" + security.resolve("broker.p12"),
                "ssl.keystore.password=" + keystorePassword,
                "ssl.truststore.type=PEM",
                "ssl.truststore.location=" + security.resolve("ca.pem"),
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users=User:admin",
                "allow.everyone.if.no.acl.found=false",
                "log.dirs=" + state.resolve("data"),
                "num.partitions=3",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=5",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                // only the super user may create topics; the day2ops topics are created at start
                "auto.create.topics.enable=true",
                "num.recovery.threads.per.data.dir=2",
                "");
        Path config = state.resolve("server.properties");
        Files.createDirectories(state);
        Files.writeString(config, properties);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        return config;
    }

    /** Formats the log folder with the super user's SCRAM credentials (KRaft keeps them in the metadata log). */
    private static void format(Path state, Path config, Path security) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                java(),
                "-cp",
                System.getProperty("java.class.path"),
                "kafka.tools.StorageTool",
                "format",
                "--standalone",
                "--ignore-formatted",
                "-t",
                org.apache.kafka.common.Uuid.randomUuid().toString(),
                "-c",
                config.toString()));
        // the super user only: the broker needs it to talk to itself; the others are set once it runs
        command.add("--add-scram");
        command.add(
                "SCRAM-SHA-512=[name=" + BusAccess.ADMIN + ",password=" + password(security, BusAccess.ADMIN) + "]");
        run(command, state.resolve("format.log"), "formatting the Kafka log folder");
    }

    private static void grantAndCreateTopics(int port, Path security) throws ExecutionException, InterruptedException {
        Map<String, Object> config =
                new java.util.HashMap<>(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port));
        config.putAll(SharedKafka.clientProperties(security, BusAccess.ADMIN));
        try (Admin admin = Admin.create(config)) {
            // every principal's SCRAM credentials as its password file says (at every start: principals added by a
            // newer version get theirs, and a password changed by hand is put back)
            List<UserScramCredentialAlteration> users = new ArrayList<>();
            for (String principal : BusAccess.PRINCIPALS.keySet()) {
                users.add(new UserScramCredentialUpsertion(
                        principal,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192),
                        password(security, principal)));
            }
            admin.alterUserScramCredentials(users).all().get();
            admin.createAcls(BusAccess.bindings()).all().get();
            List<NewTopic> topics = new ArrayList<>();
            for (EventType<?> type : EventType.ALL) {
                topics.add(new NewTopic(type.topic(), 3, (short) 1));
                topics.add(new NewTopic(type.deadLetterTopic(), 1, (short) 1));
            }
            try {
                admin.createTopics(topics).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                // a restart: some or all exist; create the others one by one
                for (NewTopic topic : topics) {
                    try {
                        admin.createTopics(List.of(topic)).all().get();
                    } catch (ExecutionException exists) {
                        if (!(exists.getCause() instanceof TopicExistsException)) {
                            throw exists;
                        }
                    }
                }
            }
        }
    }

    private static void awaitPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the broker did not open 127.0.0.1:" + port + " in 240 s");
    }

    static void run(List<String> command, Path log, String what) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Path output = log == null ? Files.createTempFile("local-kafka", ".log") : log;
        builder.redirectOutput(output.toFile());
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(what + " failed: " + Files.readString(output));
        }
        if (log == null) {
            Files.delete(output);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
