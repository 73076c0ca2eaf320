package dev.holdfast.recording;

import dev.holdfast.config.RouteKeys;
import dev.holdfast.discover.Window;
import dev.holdfast.ledger.Ledger;
import dev.holdfast.run.RunContext;
import dev.holdfast.testsupport.MutableClock;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.UnitOfWorkHelper;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The heartbeat's beats, one by one on a clock the test moves (no beat thread: {@link LeaseHeartbeat#beat} is called). */
class LeaseHeartbeatTest {

    private static final String C = "11111111-1111-4111-8111-111111111111";
    private static final String R = "22222222-2222-4222-8222-222222222222";
    /** The shipped default, {@code holdfast.lease=PT60S}; the heartbeat beats every third of it. */
    private static final Duration LEASE = Duration.ofSeconds(60);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final DefaultCamelContext camel = new DefaultCamelContext();
    private Ledger ledger;
    private Exchange claimer;

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    @BeforeEach
    void open(TestInfo test) {
        claimer = new DefaultExchange(camel);
        JdbcDataSource dataSource = new JdbcDataSource();
        // in memory: a hundred beats on a file database cost tens of seconds here, and nothing is reopened
        dataSource.setURL("jdbc:h2:mem:" + test.getTestMethod().orElseThrow().getName() + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        ledger = new Ledger(dataSource, clock);
        ledger.recordConversation(C, clock.instant(), "{}", "run1");
        ledger.registerRecording(C, R);
    }

    @Test
    void a_download_of_2_gb_at_1_mb_per_second_keeps_its_lease_and_a_silent_node_loses_it_within_a_minute() {
        LeaseHeartbeat heartbeat = new LeaseHeartbeat(ledger, "node-a", LEASE);
        assertTrue(ledger.claim(C, R, "node-a", LEASE));
        heartbeat.holding(claimer, C, R);
        // 2 GB at 1 MB/s: about 34 minutes, a beat every 20 s
        for (Duration elapsed = Duration.ZERO; elapsed.compareTo(Duration.ofMinutes(34)) < 0; elapsed = elapsed.plus(LEASE.dividedBy(3))) {
            clock.advance(LEASE.dividedBy(3));
            heartbeat.beat();
            assertFalse(ledger.claim(C, R, "node-b", LEASE), "node-a still downloads after " + elapsed);
        }
        // node-a dies: no more beats
        clock.advance(LEASE.plusSeconds(1));
        assertTrue(ledger.claim(C, R, "node-b", LEASE), "a dead node's recording is taken over one lease after its last beat");
        heartbeat.beat();
        assertFalse(ledger.renewLease(C, R, "node-a", LEASE), "node-a's beats no longer renew what node-b holds");
        assertTrue(ledger.renewLease(C, R, "node-b", LEASE));
    }

    @Test
    void a_released_recording_is_no_longer_renewed() {
        LeaseHeartbeat heartbeat = new LeaseHeartbeat(ledger, "node-a", LEASE);
        assertTrue(ledger.claim(C, R, "node-a", LEASE));
        heartbeat.holding(claimer, C, R);
        heartbeat.released(C, R);
        clock.advance(LEASE.dividedBy(3).multipliedBy(2));
        heartbeat.beat();
        clock.advance(LEASE.dividedBy(2));
        assertTrue(ledger.claim(C, R, "node-b", LEASE), "its lease ran out one lease after the claim");
    }

    @Test
    void a_recording_whose_claiming_exchange_ended_without_a_next_state_is_no_longer_renewed() {
        LeaseHeartbeat heartbeat = new LeaseHeartbeat(ledger, "node-a", LEASE);
        assertTrue(ledger.claim(C, R, "node-a", LEASE));
        heartbeat.holding(claimer, C, R);
        // the run stopped (a ledger failure): no state was written, the exchange is done
        UnitOfWorkHelper.doneSynchronizations(claimer, claimer.getExchangeExtension().handoverCompletions());
        clock.advance(LEASE.dividedBy(3).multipliedBy(2));
        heartbeat.beat();
        clock.advance(LEASE.dividedBy(2));
        assertTrue(ledger.claim(C, R, "node-b", LEASE), "its lease ran out one lease after the claim");
    }

    @Test
    void a_run_s_bag_is_beaten_until_its_exchange_is_done_and_then_left_to_go_silent() {
        LeaseHeartbeat heartbeat = new LeaseHeartbeat(ledger, "node-a", LEASE);
        RunContext run = RunContext.start(new Window(clock.instant().minusSeconds(3600), clock.instant()), "node-a",
                "client", clock.instant(), false);
        ledger.openBag(run.bag(), "node-a", run.window().toString());
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(RouteKeys.RUN, run);
        heartbeat.runUnderWay(exchange);
        for (int beat = 0; beat < 10; beat++) {
            clock.advance(LEASE.dividedBy(3));
            heartbeat.beat();
            assertTrue(ledger.abandonedBags(LEASE).isEmpty(), "the run is under way");
        }
        UnitOfWorkHelper.doneSynchronizations(exchange, exchange.getExchangeExtension().handoverCompletions());
        clock.advance(LEASE.dividedBy(3));
        heartbeat.beat();
        clock.advance(LEASE);
        heartbeat.beat();
        assertEquals(List.of(run.bag()), ledger.abandonedBags(LEASE).stream().map(Ledger.OpenBag::bag).toList(),
                "its run ended without sealing it: a later run seals it");
    }
}
