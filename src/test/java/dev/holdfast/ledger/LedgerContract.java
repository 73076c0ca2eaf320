package dev.holdfast.ledger;

import dev.holdfast.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the ledger promises, whatever database holds it: each database the ledger supports runs these cases
 * ({@link LedgerOnH2Test}, {@link LedgerOnPostgresTest}).
 */
abstract class LedgerContract {

    private static final String C = "11111111-1111-4111-8111-111111111111";
    private static final String R = "22222222-2222-4222-8222-222222222222";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private Ledger ledger;
    private DataSource dataSource;
    private Path dir;

    /** A new, empty database ({@code file}: a path of its own in the test's temporary folder, if it needs one). */
    abstract DataSource newDatabase(Path file);

    @BeforeEach
    void open(@TempDir Path dir) {
        this.dir = dir;
        dataSource = newDatabase(dir.resolve("ledger"));
        ledger = new Ledger(dataSource, clock);
        ledger.recordConversation(C, Instant.parse("2026-11-25T09:00:00Z"), "{}", "run1");
    }

    @Test
    void a_files_md5_sha1_and_format_are_kept_and_a_ledger_made_before_them_gets_their_columns() throws Exception {
        // a ledger of the release before: hf_file and hf_listing as it made them, one file already recorded
        DataSource older = newDatabase(dir.resolve("older"));
        try (java.sql.Connection c = older.getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE hf_file (conversation_id VARCHAR(64) NOT NULL, recording_id VARCHAR(600) NOT NULL,
                      role VARCHAR(16) NOT NULL, destination_key VARCHAR(1100) NOT NULL, bag VARCHAR(100) NOT NULL,
                      sha256 VARCHAR(64) NOT NULL, size_bytes BIGINT NOT NULL, content_type VARCHAR(200),
                      fetch_path VARCHAR(16), confirmed_at TIMESTAMP, PRIMARY KEY (conversation_id, recording_id, role))""");
            s.execute("INSERT INTO hf_file VALUES ('" + C + "', 'old', 'review', 'holdfast-0/data/old.wav', 'holdfast-0', '"
                    + "cd".repeat(32) + "', 7, 'audio/wav', 'direct', TIMESTAMP '2026-11-24 10:00:00')");
            s.execute("CREATE TABLE hf_listing (conversation_id VARCHAR(64) NOT NULL, recording_id VARCHAR(600) NOT NULL,"
                    + " recording_json VARCHAR(1000000), PRIMARY KEY (conversation_id, recording_id))");
        }
        Ledger upgraded = new Ledger(older, clock);
        upgraded.recordConversation(C, Instant.parse("2026-11-25T09:00:00Z"), "{}", "run1");
        LedgerFile old = upgraded.filesOf(C, "old").get(0);
        assertEquals("cd".repeat(32), old.sha256());
        assertEquals(null, old.md5(), "a file recorded before the columns has no MD5: none is made up");
        assertEquals(null, old.sha1());

        upgraded.registerRecording(C, R);
        assertTrue(upgraded.claim(C, R, "node-a", Duration.ofSeconds(60)));
        String md5 = "0123456789abcdef".repeat(2);
        String sha1 = "0123456789abcdef0123456789abcdef01234567";
        assertTrue(upgraded.planFile("node-a", new LedgerFile(C, R, LedgerFile.REVIEW, "holdfast-1/data/r.ogg", "holdfast-1",
                "ab".repeat(32), 42, "audio/ogg", "direct", false, md5, sha1, "OGG_OPUS")));
        upgraded.confirmFile(C, R, LedgerFile.REVIEW, "holdfast-1/data/r.ogg");
        LedgerFile review = upgraded.confirmedFiles().stream().filter(f -> f.recordingId().equals(R)).findFirst().orElseThrow();
        assertEquals(md5, review.md5());
        assertEquals(sha1, review.sha1());
        assertEquals("OGG_OPUS", review.formatDelivered());

        upgraded.keepListing(C, R, "{\"media\":\"audio\"}", "OGG_OPUS");
        assertEquals("OGG_OPUS", upgraded.listingFormat(C, R).orElseThrow());
        // and a new ledger has the same columns from the start
        ledger.registerRecording(C, R);
        assertTrue(ledger.claim(C, R, "node-a", Duration.ofSeconds(60)));
        ledger.recordFile(new LedgerFile(C, R, LedgerFile.ORIGINAL, "holdfast-2/data/r.original.ogg", "holdfast-2",
                "ef".repeat(32), 9, "audio/ogg", "batch", true, md5, sha1, "OGG_OPUS"));
        assertEquals(md5, ledger.filesOf(C, R).get(0).md5());
        ledger.keepListing(C, R, "{}", null);
        assertTrue(ledger.listingFormat(C, R).isEmpty(), "a listing call that sent no formatId");
    }

    @Test
    void a_recording_registered_twice_is_one_row() {
        assertTrue(ledger.registerRecording(C, R));
        assertFalse(ledger.registerRecording(C, R));
        assertFalse(ledger.recordConversation(C, Instant.parse("2026-11-25T09:00:00Z"), "{}", "run2"));
        assertEquals(1, ledger.rowsOf(C).size());
        assertEquals(RecordingState.PENDING, ledger.row(C, R).orElseThrow().state());
    }

    @Test
    void a_conversation_found_not_held_is_remembered_once_until_its_start_is_forgotten() {
        String other = "33333333-3333-4333-8333-333333333333";
        ledger.recordNotHeld(other, Instant.parse("2026-11-25T08:00:00Z"));
        ledger.recordNotHeld(other, Instant.parse("2026-11-25T08:00:00Z"));

        assertEquals(Set.of(other), ledger.notHeldAmong(List.of(C, other)));
        assertEquals(Set.of(), ledger.notHeldAmong(List.of()));

        ledger.forgetNotHeldStartedBefore(Instant.parse("2026-11-25T08:00:00Z"));
        assertEquals(Set.of(other), ledger.notHeldAmong(List.of(other)), "started at the instant itself: kept");
        ledger.forgetNotHeldStartedBefore(Instant.parse("2026-11-25T08:00:01Z"));
        assertEquals(Set.of(), ledger.notHeldAmong(List.of(other)));
    }

    @Test
    void only_one_node_holds_the_lease_until_it_expires() {
        ledger.registerRecording(C, R);
        assertTrue(ledger.claim(C, R, "node-a", Duration.ofMinutes(10)));
        assertFalse(ledger.claim(C, R, "node-b", Duration.ofMinutes(10)));
        clock.advance(Duration.ofMinutes(11));
        assertTrue(ledger.claim(C, R, "node-b", Duration.ofMinutes(10)), "a dead node's lease expires");
        assertEquals(2, ledger.row(C, R).orElseThrow().attempts());
    }

    @Test
    void a_node_that_lost_its_lease_can_no_longer_plan_deliver_or_settle_the_recording() {
        ledger.registerRecording(C, R);
        Duration lease = Duration.ofSeconds(60);
        assertTrue(ledger.claim(C, R, "node-a", lease));
        clock.advance(Duration.ofSeconds(61));
        assertTrue(ledger.claim(C, R, "node-b", lease), "node-a went silent: node-b takes the recording over");
        assertFalse(ledger.renewLease(C, R, "node-a", lease));
        assertFalse(ledger.planKey(C, R, "node-a", "holdfast-a/data/r.wav", "holdfast-a", "ab".repeat(32), 42));
        assertFalse(ledger.markDelivered(C, R, "node-a", delivery("holdfast-a")));
        assertFalse(ledger.markPending(C, R, "node-a", "genesys-unavailable", null, clock.instant()));
        assertFalse(ledger.markTerminal(C, R, "node-a", "deleted", null));
        LedgerRow row = ledger.row(C, R).orElseThrow();
        assertEquals(RecordingState.IN_PROGRESS, row.state());
        assertEquals(null, row.destinationKey(), "node-a planned nothing");
        assertTrue(ledger.planKey(C, R, "node-b", "holdfast-b/data/r.wav", "holdfast-b", "ab".repeat(32), 42));
        assertTrue(ledger.markDelivered(C, R, "node-b", delivery("holdfast-b")));
        assertEquals("holdfast-b", ledger.row(C, R).orElseThrow().bag());
    }

    @Test
    void a_writer_that_never_claimed_the_recording_leaves_it_alone_while_a_live_lease_holds_it() {
        ledger.registerRecording(C, R);
        assertTrue(ledger.claim(C, R, "node-a", Duration.ofSeconds(60)));
        assertFalse(ledger.markPending(C, R, "transcoding", null, clock.instant()));
        assertFalse(ledger.markTerminal(C, R, "deleted", null));
        assertFalse(ledger.markDelivered(C, R, delivery("holdfast-x")));
        assertEquals(RecordingState.IN_PROGRESS, ledger.row(C, R).orElseThrow().state());
        assertTrue(ledger.renewLease(C, R, "node-a", Duration.ofSeconds(60)), "still node-a's");
        clock.advance(Duration.ofSeconds(61));
        assertTrue(ledger.markPending(C, R, "transcoding", null, clock.instant()), "a lease run out holds nothing");
        assertEquals(RecordingState.PENDING, ledger.row(C, R).orElseThrow().state());
    }

    @Test
    void the_leases_of_a_process_of_this_host_that_is_gone_are_taken_over_at_once() throws Exception {
        String host = ManagementFactory.getRuntimeMXBean().getName().replaceFirst("^[^@]*@", "");
        Process ended = new ProcessBuilder("true").start();
        assertEquals(0, ended.waitFor());
        String dead = ended.pid() + "@" + host;
        String alive = ProcessHandle.current().pid() + "@" + host;
        String elsewhere = ended.pid() + "@another-" + host;
        String r2 = "22222222-2222-4222-8222-000000000002";
        String r3 = "22222222-2222-4222-8222-000000000003";
        ledger.markRecordingsListed(C);
        for (String recording : List.of(R, r2, r3)) {
            ledger.registerRecording(C, recording);
        }
        Duration lease = Duration.ofSeconds(60);
        assertTrue(ledger.claim(C, R, dead, lease));
        assertTrue(ledger.claim(C, r2, alive, lease));
        assertTrue(ledger.claim(C, r3, elsewhere, lease));
        ledger.openBag("holdfast-dead", dead, "2026-11-25T08:00:00Z/2026-11-25T10:00:00Z");
        ledger.openBag("holdfast-alive", alive, "2026-11-25T08:00:00Z/2026-11-25T10:00:00Z");
        assertTrue(ledger.tryLock("bag-seal", dead + "/holdfast-dead", Duration.ofMinutes(2)));
        assertFalse(ledger.claim(C, R, "node-b", lease), "its lease has not run out");
        assertTrue(ledger.conversationsWithWork().isEmpty());

        assertEquals(3, ledger.voidLeasesOfGoneProcesses(), "its recording, its bag and its lock");

        assertEquals(List.of(C), ledger.conversationsWithWork(), "its recording is due now");
        assertTrue(ledger.claim(C, R, "node-b", lease));
        assertFalse(ledger.claim(C, r2, "node-b", lease), "a live process of this host keeps its lease");
        assertFalse(ledger.claim(C, r3, "node-b", lease), "a process of another host is never judged from here");
        assertEquals(List.of("holdfast-dead"), ledger.abandonedBags(lease).stream().map(Ledger.OpenBag::bag).toList());
        assertTrue(ledger.tryLock("bag-seal", "node-b/holdfast-dead", Duration.ofMinutes(2)));
        assertEquals(0, ledger.voidLeasesOfGoneProcesses(), "nothing of it is left to void");
    }

    @Test
    void a_heartbeat_keeps_a_live_run_s_bag_open_but_never_revives_a_bag_its_run_gave_up() {
        ledger.openBag("holdfast-run1", "node-a", "2026-11-25T08:00:00Z/2026-11-25T10:00:00Z");
        Duration silence = Duration.ofSeconds(60);
        for (int beat = 0; beat < 9; beat++) {
            clock.advance(Duration.ofSeconds(20));
            ledger.heartbeat("holdfast-run1");
            assertTrue(ledger.abandonedBags(silence).isEmpty(), "beaten every 20 s, alive after " + (beat + 1) * 20 + " s");
        }
        ledger.abandonBag("holdfast-run1");
        ledger.heartbeat("holdfast-run1");
        assertEquals(List.of("holdfast-run1"), ledger.abandonedBags(silence).stream().map(Ledger.OpenBag::bag).toList());
    }

    private static Ledger.Delivery delivery(String bag) {
        return new Ledger.Delivery(bag + "/data/2026-11-25/c/r.wav", bag, "ab".repeat(32), 42, "audio/wav", "direct",
                "file:/x", "cd".repeat(32), 7);
    }

    @Test
    void the_last_sidecar_kept_for_a_recording_is_there_until_its_bag_is_sealed() {
        ledger.registerRecording(C, R);
        ledger.keepSidecar(C, R, "{\"first\":\"\u00fe\u0014\u00ae\"}\n");
        ledger.keepSidecar(C, R, "{\"second\":\"\u00fe\u0014\u00ae\"}\n");
        assertEquals("{\"second\":\"\u00fe\u0014\u00ae\"}\n", ledger.keptSidecar(C, R).orElseThrow());
        ledger.claim(C, R, "node-a", Duration.ofMinutes(10));
        assertTrue(ledger.markDelivered(C, R, "node-a", delivery("holdfast-s")));
        ledger.openBag("holdfast-s", "node-a", "w");
        ledger.sealBag("holdfast-other", "ab".repeat(32), "cd".repeat(32));
        assertTrue(ledger.keptSidecar(C, R).isPresent(), "another bag's seal leaves it");
        ledger.sealBag("holdfast-s", "ab".repeat(32), "cd".repeat(32));
        assertTrue(ledger.keptSidecar(C, R).isEmpty(), "the sealed bag holds the sidecar now");
    }

    @Test
    void delivered_is_final_and_survives_a_reopened_ledger() {
        ledger.registerRecording(C, R);
        ledger.claim(C, R, "node-a", Duration.ofMinutes(10));
        assertTrue(ledger.markDelivered(C, R, "node-a", new Ledger.Delivery("holdfast-x/data/2026-11-25/c/r.wav", "holdfast-x",
                "ab".repeat(32), 42, "audio/wav", "direct", "file:/x", "cd".repeat(32), 7)));
        assertFalse(ledger.markPending(C, R, "late-failure", null, clock.instant()));
        assertFalse(ledger.markPending(C, R, "node-a", "late-failure", null, clock.instant()));
        assertFalse(ledger.claim(C, R, "node-b", Duration.ofMinutes(10)));
        LedgerRow row = new Ledger(dataSource, clock).row(C, R).orElseThrow();
        assertEquals(RecordingState.DELIVERED, row.state());
        assertEquals("ab".repeat(32), row.sha256());
        assertEquals(42L, row.size());
    }

    @Test
    void work_is_due_for_unlisted_conversations_and_pending_recordings_whose_time_came() {
        assertEquals(1, ledger.conversationsWithWork().size(), "never listed");
        ledger.markRecordingsListed(C);
        ledger.registerRecording(C, R);
        ledger.markPending(C, R, "transcoding", null, clock.instant().plusSeconds(30));
        assertTrue(ledger.conversationsWithWork().isEmpty());
        clock.advance(Duration.ofSeconds(31));
        assertEquals(1, ledger.conversationsWithWork().size());
    }

    @Test
    void the_watermark_only_moves_forward() {
        ledger.advanceWatermark("schedule", Instant.parse("2026-11-25T10:00:00Z"));
        ledger.advanceWatermark("schedule", Instant.parse("2026-11-25T08:00:00Z"));
        assertEquals(Instant.parse("2026-11-25T10:00:00Z"), ledger.watermark("schedule").orElseThrow());
    }

    @Test
    void two_owners_never_hold_the_lock_together() {
        assertTrue(ledger.tryLock("bag-seal", "node-a/bag-1", Duration.ofMinutes(2)));
        assertFalse(ledger.tryLock("bag-seal", "node-b/bag-2", Duration.ofMinutes(2)));
        assertFalse(new Ledger(dataSource, clock).tryLock("bag-seal", "node-b/bag-2", Duration.ofMinutes(2)),
                "another ledger on the same database sees the holder too");
        assertTrue(ledger.tryLock("other-lock", "node-b/bag-2", Duration.ofMinutes(2)), "locks are independent by name");
        ledger.releaseLock("bag-seal", "node-a/bag-1");
        assertTrue(ledger.tryLock("bag-seal", "node-b/bag-2", Duration.ofMinutes(2)), "released, the next owner gets it");
        assertFalse(ledger.renewLock("bag-seal", "node-a/bag-1", Duration.ofMinutes(2)), "the former owner lost it");
    }

    @Test
    void an_expired_lock_is_taken_over_and_its_former_owner_cannot_renew_it() {
        assertTrue(ledger.tryLock("bag-seal", "node-a/bag-1", Duration.ofMinutes(2)));
        clock.advance(Duration.ofMinutes(1));
        assertTrue(ledger.renewLock("bag-seal", "node-a/bag-1", Duration.ofMinutes(2)), "the owner renews in time");
        clock.advance(Duration.ofSeconds(119));
        assertFalse(ledger.tryLock("bag-seal", "node-b/bag-2", Duration.ofMinutes(2)), "the renewed lease still runs");
        clock.advance(Duration.ofSeconds(2));
        assertTrue(ledger.tryLock("bag-seal", "node-b/bag-2", Duration.ofMinutes(2)), "a dead owner's lease expires");
        assertFalse(ledger.renewLock("bag-seal", "node-a/bag-1", Duration.ofMinutes(2)));
        assertFalse(ledger.tryLock("bag-seal", "node-a/bag-1", Duration.ofMinutes(2)));
    }

    @Test
    void a_release_by_anyone_but_the_owner_does_nothing() {
        assertTrue(ledger.tryLock("bag-seal", "node-a/bag-1", Duration.ofMinutes(2)));
        ledger.releaseLock("bag-seal", "node-b/bag-2");
        ledger.releaseLock("other-lock", "node-a/bag-1");
        assertFalse(ledger.tryLock("bag-seal", "node-b/bag-2", Duration.ofMinutes(2)));
        assertTrue(ledger.renewLock("bag-seal", "node-a/bag-1", Duration.ofMinutes(2)), "still the owner's");
    }

    @Test
    void an_abandoned_bag_is_left_to_the_next_run_at_once_and_a_sealed_one_is_not_open() {
        ledger.openBag("holdfast-run1", "node-a", "2026-11-25T08:00:00Z/2026-11-25T10:00:00Z");
        assertTrue(ledger.bagOpen("holdfast-run1"));
        assertTrue(ledger.abandonedBags(Duration.ofMinutes(10)).isEmpty(), "its run is alive");
        ledger.abandonBag("holdfast-run1");
        assertEquals(java.util.List.of("holdfast-run1"),
                ledger.abandonedBags(Duration.ofMinutes(10)).stream().map(Ledger.OpenBag::bag).toList());
        ledger.sealBag("holdfast-run1", "ab".repeat(32), "cd".repeat(32));
        assertFalse(ledger.bagOpen("holdfast-run1"));
        assertFalse(ledger.bagOpen("holdfast-never-opened"));
        assertTrue(ledger.abandonedBags(Duration.ofMinutes(10)).isEmpty());
    }

    @Test
    void a_recorded_seal_keeps_its_exact_files_and_its_place_in_the_chain_until_the_bag_is_sealed() {
        ledger.openBag("holdfast-run1", "node-a", "2026-11-25T08:00:00Z/2026-11-25T10:00:00Z");
        ledger.sealBag("holdfast-run1", "11".repeat(32), "12".repeat(32));
        ledger.openBag("holdfast-run2", "node-a", "2026-11-25T09:00:00Z/2026-11-25T11:00:00Z");
        ledger.openBag("holdfast-run3", "node-b", "2026-11-25T09:30:00Z/2026-11-25T11:30:00Z");
        assertTrue(ledger.recordedSeal("holdfast-run2").isEmpty(), "nothing recorded yet");
        // a reconciliation larger than any VARCHAR the ledger declares, and text in several scripts
        String csv = "conversation_id,recording_id\n" + "caf\u00e9,\ud83d\udcde\n".repeat(200_000);
        List<Ledger.SealFile> files = List.of(
                new Ledger.SealFile("holdfast-run2/bagit.txt", "BagIt-Version: 1.0\n", "aa".repeat(32), 19, "text/plain"),
                new Ledger.SealFile("holdfast-run2/reconciliation.csv", csv, "bb".repeat(32), 123, "text/plain"));
        ledger.recordSeal("holdfast-run2", files, "21".repeat(32), "22".repeat(32));

        Ledger.RecordedSeal seal = ledger.recordedSeal("holdfast-run2").orElseThrow();
        assertEquals(files, seal.files(), "the same files, in order, byte for byte");
        assertEquals("21".repeat(32), seal.lastLineSha256());
        assertTrue(ledger.bagOpen("holdfast-run2"), "recorded is not sealed");
        assertEquals("holdfast-run2", ledger.lastSealedBag().orElseThrow().bag(), "the next bag chains after it");

        ledger.sealProblem("holdfast-run2", "DestinationConflictException: other bytes");
        assertEquals(List.of(new Ledger.SealProblem("holdfast-run2", "DestinationConflictException: other bytes")),
                ledger.sealProblems());
        // another bag sealed while run2's seal is unfinished comes after it in the chain, and run2 keeps its place
        ledger.sealBag("holdfast-run3", "31".repeat(32), "32".repeat(32));
        ledger.sealBag("holdfast-run2", "21".repeat(32), "22".repeat(32));
        assertEquals("holdfast-run3", ledger.lastSealedBag().orElseThrow().bag());
        assertTrue(ledger.recordedSeal("holdfast-run2").isEmpty(), "the recorded files go once the bag is sealed");
        assertEquals(List.of(), ledger.sealProblems());
    }

    @Test
    void hostile_recording_ids_are_kept_as_sent_and_text_with_nul_is_refused_on_every_database() {
        // as the resolver stores rejected ids: anything short of 200 characters without NUL
        List<String> hostile = List.of("../../etc/x", "%2e%2e%2f", "/abs", "a".repeat(200), "\u202Eevil.wav", "not-a-uuid",
                "caf\u00e9 \ud83d\udcde 'quoted' \"double\" back\\slash");
        for (String id : hostile) {
            assertTrue(ledger.registerRecording(C, id), id);
            ledger.markTerminal(C, id, "invalid-id", "not a UUID: \u0000" + id);
        }
        assertEquals(hostile.stream().sorted().toList(), ledger.rowsOf(C).stream().map(LedgerRow::recordingId).sorted().toList());
        assertEquals("not a UUID: \\u0000/abs", ledger.row(C, "/abs").orElseThrow().detail(), "NUL in free text is written out");
        // H2 could store it, PostgreSQL cannot: refused on both, so the default ledger shows what a shared one would
        assertThrows(LedgerException.class, () -> ledger.registerRecording(C, "nul\u0000id"));
        assertEquals(hostile.size(), ledger.rowsOf(C).size());
    }

    @Test
    void racing_nodes_insert_each_row_once_and_one_of_them_wins_each_claim_and_lock() throws Exception {
        int nodes = 6;
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
            for (int round = 0; round < 4; round++) {
                String conversation = String.format("33333333-3333-4333-8333-%012d", round);
                String recording = String.format("44444444-4444-4444-8444-%012d", round);
                String lock = "lock-" + round;
                // each node its own Ledger on the one database, as separate processes would have
                assertEquals(1, race(pool, nodes, node -> new Ledger(dataSource, clock)
                        .recordConversation(conversation, clock.instant(), "{}", "run-" + node)), "new conversations");
                assertEquals(1, race(pool, nodes, node -> ledger.registerRecording(conversation, recording)), "new recordings");
                assertEquals(1, race(pool, nodes, node -> ledger.claim(conversation, recording, "node-" + node,
                        Duration.ofMinutes(10))), "claims won");
                assertEquals(1, race(pool, nodes, node -> ledger.tryLock(lock, "node-" + node, Duration.ofMinutes(2))),
                        "lock holders");
                assertEquals(1, ledger.rowsOf(conversation).size());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void lanes_claiming_together_each_get_a_conversation_while_enough_wait_and_none_is_claimed_twice() throws Exception {
        int lanes = 6;
        ExecutorService pool = Executors.newFixedThreadPool(lanes);
        try {
            WorkQueue queue = new WorkQueue(dataSource, clock);
            // each round its own conversations: the earlier rounds' stay claimed under their lease
            for (int round = 0; round < 4; round++) {
                List<String> queued = new ArrayList<>();
                for (int i = 0; i < lanes * 2; i++) {
                    queued.add(String.format("55555555-5555-4555-8555-%06d%06d", round, i));
                }
                queue.queue(queued, "window", "node-a");
                List<String> claimed = Collections.synchronizedList(new ArrayList<>());
                // a lane that came back empty-handed while work waited would end, and leave its share to the others
                assertEquals(lanes, race(pool, lanes, lane -> claimed.addAll(
                        queue.claim("node-" + lane, 1, Duration.ofMinutes(10)))), "lanes that got a conversation");
                assertEquals(lanes, Set.copyOf(claimed).size(), "conversations claimed once each");
                while (true) {
                    List<String> next = queue.claim("node-a", 1, Duration.ofMinutes(10));
                    if (next.isEmpty()) {
                        break;
                    }
                    claimed.addAll(next);
                }
                assertEquals(Set.copyOf(queued), Set.copyOf(claimed));
                assertEquals(queued.size(), claimed.size(), "no conversation claimed twice");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void nodes_starting_together_on_an_empty_database_all_open_the_ledger() throws Exception {
        int nodes = 6;
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
            for (int round = 0; round < 3; round++) {
                DataSource empty = newDatabase(dir.resolve("empty-" + round));
                // each creates the tables it misses; none may fail because another created one first
                assertEquals(nodes, race(pool, nodes, node -> new Ledger(empty, clock) != null), "ledgers opened");
                Ledger opened = new Ledger(empty, clock);
                assertTrue(opened.recordConversation(C, clock.instant(), "{}", "run1"));
                assertTrue(opened.registerRecording(C, R));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void instants_read_back_unchanged_whatever_the_time_zone_of_the_node_that_wrote_them() {
        // 01:30 UTC on 2026-10-25 is London's second 01:30 (its clocks went back at 01:00 UTC)
        Instant start = Instant.parse("2026-10-25T01:30:00Z");
        TimeZone zone = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Europe/London"));
            ledger.recordConversation(R, start, "{}", "run-london");
            ledger.advanceWatermark("schedule", start);
            assertEquals(start, new Ledger(dataSource, clock).conversationStart(R).orElseThrow(), "read in London");
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Auckland"));
            ledger.recordWindow(start, start.plusSeconds(3600));
            TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
            Ledger reader = new Ledger(dataSource, clock);
            assertEquals(start, reader.conversationStart(R).orElseThrow());
            assertEquals(start, reader.watermark("schedule").orElseThrow());
            assertEquals(List.of(R), reader.conversationsIn(start, start.plusSeconds(1)).stream()
                    .map(Ledger.ConversationCount::conversationId).toList());
            clock.advance(Duration.ofDays(400));
            assertEquals(start, reader.windowsToSettle(Duration.ofHours(72)).get(0)[0], "written in Auckland");
        } finally {
            TimeZone.setDefault(zone);
        }
    }

    /** Runs {@code attempt} on {@code nodes} threads released at once; answers how many of them got true. */
    private static int race(ExecutorService pool, int nodes, Attempt attempt) throws Exception {
        CyclicBarrier start = new CyclicBarrier(nodes);
        List<Future<Boolean>> answers = new ArrayList<>();
        for (int node = 0; node < nodes; node++) {
            int n = node;
            answers.add(pool.submit((Callable<Boolean>) () -> {
                start.await(30, TimeUnit.SECONDS);
                return attempt.run(n);
            }));
        }
        int yes = 0;
        for (Future<Boolean> answer : answers) {
            yes += answer.get(60, TimeUnit.SECONDS) ? 1 : 0;
        }
        return yes;
    }

    @FunctionalInterface
    private interface Attempt {
        boolean run(int node) throws Exception;
    }
}
