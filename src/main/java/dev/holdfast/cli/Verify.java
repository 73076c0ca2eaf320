package dev.holdfast.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.holdfast.app.LedgerDataSources;
import dev.holdfast.app.SettingsLoader;
import dev.holdfast.config.ExitCode;
import dev.holdfast.custody.BagVerifier;
import dev.holdfast.custody.ExpectedDelivery;
import dev.holdfast.custody.ObjectLockCheck;
import dev.holdfast.custody.Problem;
import dev.holdfast.deliver.DestinationReader;
import dev.holdfast.deliver.DestinationReaders;
import dev.holdfast.deliver.KeyBuilder;
import dev.holdfast.deliver.S3ClientFactory;
import dev.holdfast.deliver.S3DestinationReader;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.ledger.LedgerRow;
import dev.holdfast.timestamp.TokenCheck;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code verify}: re-reads every file of every bag at the destination and checks it against the bag
 * manifests, tag manifests, Payload-Oxum, the custody chain and the ledger, and (with a trust store) each bag's
 * RFC 3161 timestamp, offline: it prints the time each bag is proven to have existed. On S3 it also prints each
 * object's Object Lock and finds those {@code holdfast.s3.retention} says should be locked and are not. Needs no
 * Genesys access.
 */
final class Verify {

    private Verify() {
    }

    static ExitCode run(Map<String, String> overrides, PrintStream out) throws IOException {
        try (SettingsLoader loader = new SettingsLoader(overrides);
             DestinationReader destination = DestinationReaders.forSettings(loader.settings());
             HikariDataSource dataSource = LedgerDataSources.open(loader.settings())) {
            Ledger ledger = new Ledger(dataSource, Clock.systemUTC());
            List<ExpectedDelivery> expected = new ArrayList<>();
            for (LedgerRow row : ledger.delivered()) {
                expected.add(new ExpectedDelivery(row.destinationKey(), row.sha256(), row.size()));
                String sidecar = KeyBuilder.sidecarKeyOf(row.destinationKey());
                expected.add(new ExpectedDelivery(sidecar, row.sidecarSha256(), row.sidecarSize()));
            }
            // the other files of the recordings: review copies beside their originals
            java.util.Set<String> keys = new java.util.HashSet<>();
            expected.forEach(e -> keys.add(e.key()));
            for (dev.holdfast.ledger.LedgerFile file : ledger.confirmedFiles()) {
                if (keys.add(file.key())) {
                    expected.add(new ExpectedDelivery(file.key(), file.sha256(), file.size()));
                }
            }
            Optional<String> trustStore = loader.settings().optional("holdfast.tsa.trust-store");
            TokenCheck tokens = trustStore.isEmpty() ? null : TokenCheck.trusting(Path.of(trustStore.get()),
                    loader.settings().duration("holdfast.tsa.clock-skew"));
            BagVerifier.Report report = new BagVerifier(destination, tokens, Clock.systemUTC()).check(expected);
            List<Problem> problems = new ArrayList<>(report.problems());
            if (destination instanceof S3DestinationReader s3) {
                ObjectLockCheck.Report locks = new ObjectLockCheck(s3, S3ClientFactory.retention(loader.settings()),
                        Clock.systemUTC()).check();
                locks.locks().forEach(line -> out.println("verify: lock " + line));
                problems.addAll(locks.problems());
            }
            report.proven().forEach((bag, time) -> out.println("verify: " + bag + " existed as sealed no later than "
                    + time.time() + " (timestamp by " + time.tsa() + ")"));
            if (problems.isEmpty()) {
                out.println("verify: " + destination.describe() + " holds every delivered file (" + expected.size()
                        + " files in the ledger), every bag and custody chain intact"
                        + (tokens == null ? "" : ", every bag's timestamp valid"));
                return ExitCode.COMPLETE;
            }
            out.println("verify: " + problems.size() + " problem(s) at " + destination.describe() + ":");
            out.println(BagVerifier.render(problems));
            return ExitCode.MISMATCH;
        }
    }
}
