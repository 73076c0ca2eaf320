package dev.holdfast.pipeline;

import dev.holdfast.cli.Holdfast;
import dev.holdfast.sandbox.GenesysSandbox;
import dev.holdfast.sandbox.Scenario;
import dev.holdfast.testsupport.DestinationView;
import dev.holdfast.testsupport.Destinations;
import dev.holdfast.testsupport.Exporter;
import dev.holdfast.testsupport.S3MockServer;
import dev.holdfast.testsupport.TestTsa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token travels like any tag file: into an S3 bucket, and verify reads and checks it there. */
class TimestampOnS3Test {

    private static final String BUCKET = "legal-exports";
    private static final String PREFIX = "genesys/holds";

    @TempDir
    Path work;

    @Test
    void every_bag_in_the_bucket_carries_a_token_that_verify_proves() throws Exception {
        System.setProperty("aws.accessKeyId", S3MockServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3MockServer.SECRET_KEY);
        try (S3MockServer s3 = S3MockServer.start();
             TestTsa tsa = TestTsa.start("Holdfast Test");
             GenesysSandbox sandbox = GenesysSandbox.start(Scenario.builder(59).conversations(12).build(), "127.0.0.1", 0)) {
            s3.createBucket(BUCKET, false);
            Map<String, String> destination = Destinations.s3(s3, BUCKET, PREFIX);
            Map<String, String> settings = Exporter.settingsFor(sandbox, work);
            settings.putAll(destination);
            settings.put("holdfast.tsa.url", tsa.url());
            try (Exporter exporter = Exporter.start(settings)) {
                exporter.exportUntilSettled(exporter.defaultWindow(), Duration.ofMinutes(3));
            }
            Set<String> bags = new TreeSet<>();
            Set<String> tokens = new TreeSet<>();
            for (String key : DestinationView.s3(s3.client(), BUCKET, PREFIX).sha256ByKey().keySet()) {
                String bag = key.substring(0, key.indexOf('/'));
                if (key.endsWith("/tagmanifest-sha256.txt")) {
                    bags.add(bag);
                } else if (key.endsWith("/tagmanifest-sha256.txt.tsr")) {
                    tokens.add(bag);
                }
            }
            assertFalse(bags.isEmpty());
            assertEquals(bags, tokens, "every sealed bag has its token");

            List<String> args = new ArrayList<>(List.of("verify", "--holdfast.db.url=" + settings.get("holdfast.db.url"),
                    "--holdfast.tsa.trust-store=" + tsa.writeCa(work.resolve("ca.pem"))));
            destination.forEach((key, value) -> args.add("--" + key + "=" + value));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = Holdfast.execute(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(out, true, StandardCharsets.UTF_8)).code();
            String said = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, code, said);
            for (String bag : bags) {
                assertTrue(said.contains("verify: " + bag + " existed as sealed no later than "), bag + ":\n" + said);
            }
        }
    }
}
