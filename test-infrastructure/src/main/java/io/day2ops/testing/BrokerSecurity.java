package io.day2ops.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The local broker's secrets, made once in its security folder: a random password per principal (mode 600), and a
 * CA of its own that signs the broker's certificate (SAN 127.0.0.1, localhost) and is then thrown away; clients trust
 * {@code ca.pem}. Made with the JDK's {@code keytool}.
 */
final class BrokerSecurity {

    private static final SecureRandom RANDOM = new SecureRandom();

    private BrokerSecurity() {}

    /**
     * Gives every principal a newer version added (the console's, say) a password of its own in an existing security
     * folder, leaving the others as they are; the broker sets its credentials at its next start.
     */
    static void addMissingPasswords(Path security) throws IOException {
        for (String principal : BusAccess.PRINCIPALS.keySet()) {
            Path file = security.resolve(principal + ".password");
            if (!Files.isRegularFile(file)) {
                secret(file);
            }
        }
    }

    static void create(Path security) throws IOException, InterruptedException {
        LocalKafka.deleteTree(security);
        Files.createDirectories(security);
        List<String> principals = new ArrayList<>(List.of(BusAccess.ADMIN));
        principals.addAll(BusAccess.PRINCIPALS.keySet());
        for (String principal : principals) {
            secret(security.resolve(principal + ".password"));
        }
        String caPassword = secret(security.resolve("ca.keystore.password"));
        String brokerPassword = secret(security.resolve("broker.keystore.password"));
        Path ca = security.resolve("ca.p12");
        Path broker = security.resolve("broker.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "ca",
                "-dname",
                "CN=day2ops local Kafka CA",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "3650",
                "-ext",
                "bc:c",
                "-keystore",
                ca.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                caPassword);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                ca.toString(),
                "-storepass",
                caPassword,
                "-file",
                security.resolve("ca.pem").toString());
        keytool(
                "-genkeypair",
                "-alias",
                "broker",
                "-dname",
                "CN=day2ops-broker",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "825",
                "-keystore",
                broker.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                brokerPassword);
        Path csr = security.resolve("broker.csr");
        keytool(
                "-certreq",
                "-alias",
                "broker",
                "-keystore",
                broker.toString(),
                "-storepass",
                brokerPassword,
                "-file",
                csr.toString());
        Path signed = security.resolve("broker.pem");
        keytool(
                "-gencert",
                "-alias",
                "ca",
                "-keystore",
                ca.toString(),
                "-storepass",
                caPassword,
                "-infile",
                csr.toString(),
                "-outfile",
                signed.toString(),
                "-rfc",
                "-validity",
                "825",
                "-ext",
                "SAN=IP:127.0.0.1,DNS:localhost",
                "-ext",
                "EKU=serverAuth,clientAuth");
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "ca",
                "-file",
                security.resolve("ca.pem").toString(),
                "-keystore",
                broker.toString(),
                "-storepass",
                brokerPassword);
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "broker",
                "-file",
                signed.toString(),
                "-keystore",
                broker.toString(),
                "-storepass",
                brokerPassword);
        // the CA's key signs nothing else: a new broker makes a new CA
        Files.delete(ca);
        Files.delete(security.resolve("ca.keystore.password"));
        Files.delete(csr);
        Files.delete(signed);
    }

    private static String secret(Path file) throws IOException {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Files.writeString(file, secret + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return secret;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        LocalKafka.run(command, null, "keytool " + args[0]);
    }
}
