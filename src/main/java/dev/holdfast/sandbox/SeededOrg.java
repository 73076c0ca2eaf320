package dev.holdfast.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The generated org: conversations, participants, attributes and recordings, all derived from the scenario seed.
 * Only the timestamps depend on the start instant (they are offsets back from it); ids and bytes never do.
 */
final class SeededOrg {

    static final String HOLD_ATTRIBUTE = "legal_hold";
    /** Hostile recording ids, one per pattern, for {@link Scenario.Builder#maliciousIds(boolean)}. */
    static final List<String> MALICIOUS_IDS = List.of(
            "../../etc/x", "%2e%2e%2f", "/abs", "nul\u0000id", "a".repeat(300), "\u202Eevil.wav", "not-a-uuid");
    /** The hostile id of the earliest held conversation (in the data lake) under {@code maliciousIds}. */
    static final String MALICIOUS_CONVERSATION_ID = "../../../held/\u202Eevil";

    private final String orgId;
    private final String divisionId;
    private final Instant startInstant;
    private final List<SeededConversation> conversations;
    private final Map<String, SeededConversation> byId;
    private final List<SeededRecording> recordings;
    private volatile GroundTruth groundTruth;

    private SeededOrg(String orgId, String divisionId, Instant startInstant, List<SeededConversation> conversations) {
        this.orgId = orgId;
        this.divisionId = divisionId;
        this.startInstant = startInstant;
        this.conversations = List.copyOf(conversations);
        Map<String, SeededConversation> map = new LinkedHashMap<>();
        List<SeededRecording> all = new ArrayList<>();
        for (SeededConversation c : this.conversations) {
            map.put(c.id(), c);
            all.addAll(c.recordings());
        }
        all.sort(Comparator.comparingInt(SeededRecording::key));
        this.byId = Collections.unmodifiableMap(map);
        this.recordings = List.copyOf(all);
    }

    String orgId() { return orgId; }
    String divisionId() { return divisionId; }
    Instant startInstant() { return startInstant; }
    /** All conversations, ordered by start. */
    List<SeededConversation> conversations() { return conversations; }
    SeededConversation conversation(String id) { return byId.get(id); }
    /** All recordings, indexed by their key. */
    SeededRecording recording(int key) { return key >= 0 && key < recordings.size() ? recordings.get(key) : null; }
    List<SeededRecording> recordings() { return recordings; }

    /** The ground truth, hashed by streaming each held recording's media once (on first use). */
    GroundTruth groundTruth() {
        GroundTruth truth = groundTruth;
        if (truth == null) {
            synchronized (this) {
                if (groundTruth == null) {
                    groundTruth = computeGroundTruth();
                }
                truth = groundTruth;
            }
        }
        return truth;
    }

    private GroundTruth computeGroundTruth() {
        List<HeldRecording> held = new ArrayList<>();
        List<String> heldIds = new ArrayList<>();
        List<String> unheldIds = new ArrayList<>();
        for (SeededConversation c : conversations) {
            (c.held() ? heldIds : unheldIds).add(c.id());
            if (!c.held()) {
                continue;
            }
            for (SeededRecording r : c.recordings()) {
                String reason = r.invalidId() ? "INVALID_ID"
                        : switch (r.initialState()) {
                            case "DELETED" -> "DELETED";
                            case "ERROR" -> "ERROR";
                            default -> null;
                        };
                boolean hasMedia = !"DELETED".equals(r.initialState()) && !"ERROR".equals(r.initialState());
                held.add(new HeldRecording(c.id(), r.id(), c.start(), r.mediaSubtype(), r.media(), reason == null, reason,
                        r.batchOnly(), "ARCHIVED".equals(r.initialState()),
                        hasMedia ? MediaGenerator.sha256(r.direct()) : null, hasMedia ? r.direct().length() : 0,
                        hasMedia ? r.direct().contentType() : null,
                        hasMedia ? MediaGenerator.sha256(r.batch()) : null, hasMedia ? r.batch().length() : 0,
                        hasMedia ? r.batch().contentType() : null));
            }
        }
        return new GroundTruth(held, unheldIds, heldIds);
    }

    /** Generates the org of a scenario; conversations start within [start - span + 10 min, start - 3 min]. */
    static SeededOrg generate(Scenario s, Instant startInstant) {
        return new Generator(s, startInstant).run();
    }

    /** One generation pass; each concern draws from its own seeded stream so one choice never shifts another. */
    private static final class Generator {
        private final Scenario s;
        private final Instant now;
        private final SplittableRandom ids;
        private final SplittableRandom times;
        private final SplittableRandom shape;
        private final SplittableRandom mediaSeeds;
        private final List<RecordingDraft> drafts = new ArrayList<>();

        Generator(Scenario s, Instant now) {
            this.s = s;
            this.now = now;
            this.ids = stream(s.seed(), 1);
            this.times = stream(s.seed(), 2);
            this.shape = stream(s.seed(), 3);
            this.mediaSeeds = stream(s.seed(), 4);
        }

        SeededOrg run() {
            String orgId = uuid();
            String divisionId = uuid();
            int n = s.conversations();
            Set<Integer> held = pick(n, s.heldShare(), 10);
            Set<Integer> transfer = pick(n, s.transferShare(), 11);
            Set<Integer> longCall = pick(n, s.longCallShare(), 12);
            Set<Integer> transcoding = pick(n, s.transcodingShare(), 13);
            Set<Integer> repeated = pick(n, s.repeatedShare(), 14);

            Instant from = now.minus(s.span()).plus(Duration.ofMinutes(10));
            Instant to = s.arrivals().isZero() ? now.minus(Duration.ofMinutes(3)) : now.plus(s.arrivals());
            if (!from.isBefore(to)) {
                from = to.minus(Duration.ofMinutes(1));
            }
            long windowMs = to.toEpochMilli() - from.toEpochMilli();

            List<ConversationDraft> convs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Instant start = from.plusMillis(times.nextLong(windowMs + 1)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
                convs.add(conversation(start, held.contains(i), transfer.contains(i), longCall.contains(i),
                        transcoding.contains(i) || longCall.contains(i), repeated.contains(i), false));
            }
            // conversations of other media types, only when the scenario asks for them (none by default, so every
            // other scenario keeps its ids and bytes); before the faults are dealt, so they share them
            for (int t = 0; t < s.mediaTypes().size(); t++) {
                String type = s.mediaTypes().get(t);
                int count = Math.max(4, n / 10);
                Set<Integer> heldOfType = pick(count, s.heldShare(), 30 + t);
                for (int i = 0; i < count; i++) {
                    Instant start = from.plusMillis(times.nextLong(windowMs + 1)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
                    convs.add(mediaConversation(type, start, heldOfType.contains(i)));
                }
            }
            assignRecordingFaults(true);
            assignRecordingFaults(false);
            if (s.maliciousIds()) {
                hostileConversation(convs);
            }
            if (s.bigRecording() > 0) {
                Instant start = from.plusMillis(times.nextLong(windowMs + 1)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
                convs.add(conversation(start, true, false, false, false, false, true));
            }
            // after the faults are dealt: live calls are drawn last, so a scenario with them keeps every other id and byte
            for (int i = 0; i < s.liveCalls(); i++) {
                convs.add(liveCall(true));
            }
            for (int i = 0; i < s.liveUnheldCalls(); i++) {
                convs.add(liveCall(false));
            }
            // keys follow generation order, so the media URL of a recording is stable for a seed
            int key = 0;
            for (RecordingDraft d : drafts) {
                d.key = key++;
            }
            List<SeededConversation> built = new ArrayList<>();
            for (ConversationDraft c : convs) {
                built.add(c.build(divisionId, s.queueNames()));
            }
            built.sort(Comparator.comparing(SeededConversation::start).thenComparing(SeededConversation::id));
            return new SeededOrg(orgId, divisionId, now, built);
        }

        private ConversationDraft conversation(Instant start, boolean held, boolean transfer, boolean longCall,
                boolean transcoding, boolean repeated, boolean big) {
            ConversationDraft c = new ConversationDraft();
            c.id = uuid();
            c.start = start;
            long seconds = longCall ? 1800 + shape.nextLong(3600) : 60 + shape.nextLong(660);
            Instant end = start.plusSeconds(seconds);
            Instant latestEnd = now.minusSeconds(10);
            // calls arriving after the start end when they end; without arrivals, all have ended by the start
            c.end = s.arrivals().isZero() && end.isAfter(latestEnd) ? latestEnd : end;
            c.held = held;
            c.longCall = longCall;
            c.transfer = transfer;
            c.repeated = repeated;
            c.direction = shape.nextInt(4) == 0 ? "outbound" : "inbound";

            boolean ivr = shape.nextInt(10) < 6;
            Map<String, String> customerAttributes = new LinkedHashMap<>();
            Map<String, String> ivrAttributes = new LinkedHashMap<>();
            if (held) {
                Map<String, String> target = ivr && shape.nextBoolean() ? ivrAttributes : customerAttributes;
                target.put(HOLD_ATTRIBUTE, "true");
                target.put("case_ref", String.format("LH-2026-%03d", shape.nextInt(1000)));
            } else {
                int decoy = shape.nextInt(20);
                if (decoy < 3) {
                    customerAttributes.put(HOLD_ATTRIBUTE, "false");
                } else if (decoy < 5) {
                    // attribute values are case-sensitive: "True" is not a hold
                    customerAttributes.put(HOLD_ATTRIBUTE, "True");
                } else if (decoy < 6) {
                    customerAttributes.put("Legal_Hold", "true");
                }
                customerAttributes.put("queue", shape.nextBoolean() ? "Sales" : "Support");
            }
            customerAttributes.put("customer_tier", List.of("bronze", "silver", "gold").get(shape.nextInt(3)));

            long totalMs = c.end.toEpochMilli() - c.start.toEpochMilli();
            String customerAni = String.format("tel:+4420%07d", shape.nextInt(10_000_000));
            String dnis = "tel:+448005550100";
            String customerSession = uuid();
            c.participants.add(new ParticipantDraft(uuid(), "customer", "Customer", null, customerSession, "voice",
                    c.direction, customerAni, dnis, c.start, c.end, customerAttributes));
            Instant agentStart = c.start;
            if (ivr) {
                Instant ivrEnd = c.start.plusMillis(Math.max(1000, totalMs / 6));
                c.participants.add(new ParticipantDraft(uuid(), "ivr", "Main IVR", null, uuid(), "voice",
                        c.direction, customerAni, dnis, c.start, ivrEnd, ivrAttributes));
                agentStart = ivrEnd;
            }
            Instant transferAt = transfer ? agentStart.plusMillis(Math.max(1000, (c.end.toEpochMilli() - agentStart.toEpochMilli()) / 2)) : c.end;
            ParticipantDraft agent = new ParticipantDraft(uuid(), "agent", agentName(1 + shape.nextInt(40)), uuid(),
                    uuid(), "voice", c.direction, customerAni, dnis, agentStart, transferAt, new LinkedHashMap<>());
            c.participants.add(agent);
            ParticipantDraft consultAgent = null;
            if (transfer) {
                consultAgent = new ParticipantDraft(uuid(), "agent", agentName(41 + shape.nextInt(40)), uuid(),
                        uuid(), "voice", c.direction, customerAni, dnis, transferAt, c.end, new LinkedHashMap<>());
                c.participants.add(consultAgent);
            }
            boolean screen = transfer && shape.nextInt(10) < 3;

            RecordingDraft trunk = recording(c, customerSession, "audio", "Trunk", c.start.plusSeconds(2),
                    c.end.minusSeconds(1), longCall, big);
            c.participants.get(0).recordingId = trunk.id;
            if (transfer) {
                RecordingDraft consult = recording(c, consultAgent.sessionId, "audio", "Consult", transferAt,
                        c.end.minusSeconds(1), longCall, false);
                consultAgent.recordingId = consult.id;
            }
            if (screen) {
                agent.screenSessionId = uuid();
                recording(c, agent.screenSessionId, "screen", "Screen", agentStart, transferAt, longCall, false);
            }
            if (transcoding) {
                for (RecordingDraft r : c.recordings) {
                    // long calls take longer than one list call waits (maxWaitMs 5000 by default): 202 first
                    r.transcodeTime = Duration.ofMillis(longCall ? 6000 + shape.nextInt(6000) : 1000 + shape.nextInt(3000));
                }
            }
            return c;
        }

        /**
         * An email, chat or messaging conversation: a customer (whose attribute holds it, when held) and an agent,
         * one session each of the type, and one recording of the customer's session: its EML or ZIP and its
         * transcript (a few messages) inline. Analytics names the type {@code message}; a Recording names it
         * {@code messaging} ("audio, chat, messaging, email, or screen").
         */
        private ConversationDraft mediaConversation(String type, Instant start, boolean held) {
            ConversationDraft c = new ConversationDraft();
            c.id = uuid();
            c.start = start;
            Instant end = start.plusSeconds(60 + shape.nextLong(1740));
            Instant latestEnd = now.minusSeconds(10);
            c.end = end.isAfter(latestEnd) ? latestEnd : end;
            c.held = held;
            c.direction = "inbound";
            Map<String, String> customerAttributes = new LinkedHashMap<>();
            if (held) {
                customerAttributes.put(HOLD_ATTRIBUTE, "true");
                customerAttributes.put("case_ref", String.format("LH-2026-%03d", shape.nextInt(1000)));
            }
            customerAttributes.put("customer_tier", List.of("bronze", "silver", "gold").get(shape.nextInt(3)));
            String from = switch (type) {
                case "email" -> String.format("customer-%06d@example.com", shape.nextInt(1_000_000));
                case "message" -> String.format("+4477%08d", shape.nextInt(100_000_000));
                default -> "Customer";
            };
            String to = switch (type) {
                case "email" -> "support@example.com";
                case "message" -> "+448005550100";
                default -> "Web chat";
            };
            String customerSession = uuid();
            ParticipantDraft customer = new ParticipantDraft(uuid(), "customer", "Customer", null, customerSession, type,
                    c.direction, from, to, c.start, c.end, customerAttributes);
            c.participants.add(customer);
            c.participants.add(new ParticipantDraft(uuid(), "agent", agentName(1 + shape.nextInt(40)), uuid(), uuid(), type,
                    c.direction, from, to, c.start.plusSeconds(1), c.end, new LinkedHashMap<>()));
            RecordingDraft r = new RecordingDraft();
            r.id = uuid();
            r.conversation = c;
            r.sessionId = customerSession;
            r.media = "message".equals(type) ? "messaging" : type;
            r.subtype = null;
            r.start = c.start;
            r.end = c.end.isAfter(c.start) ? c.end : c.start.plusSeconds(1);
            MediaGenerator.Kind kind = switch (type) {
                case "email" -> MediaGenerator.Kind.EML;
                case "chat" -> MediaGenerator.Kind.CHAT_ZIP;
                default -> MediaGenerator.Kind.MESSAGING_ZIP;
            };
            r.direct = new MediaGenerator.Media(kind, mediaSeeds.nextLong(), 3 + shape.nextInt(10));
            // batch download serves the same file (UNCONFIRMED: "in their original format" read plainly)
            r.batch = r.direct;
            r.state = "AVAILABLE";
            r.held = held;
            c.recordings.add(r);
            drafts.add(r);
            customer.recordingId = r.id;
            return c;
        }

        /**
         * A call in progress: the IVR (held: it set the hold) put the caller through to an agent, who transfers it to a
         * second agent later; each leg's recording appears when its leg ends and is UPLOADING for a few seconds.
         */
        private ConversationDraft liveCall(boolean held) {
            Duration remaining = s.liveCallRemaining();
            ConversationDraft c = new ConversationDraft();
            c.id = uuid();
            c.start = now.minusSeconds(90).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            c.end = now.plus(remaining).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            c.held = held;
            c.transfer = true;
            c.direction = "inbound";
            Instant ivrEnd = c.start.plusSeconds(30);
            Instant transferAt = now.plus(remaining.dividedBy(2)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            String ani = String.format("tel:+4420%07d", shape.nextInt(10_000_000));
            String dnis = "tel:+448005550100";
            Map<String, String> ivrAttributes = new LinkedHashMap<>();
            if (held) {
                ivrAttributes.put(HOLD_ATTRIBUTE, "true");
            }
            ivrAttributes.put("case_ref", String.format("LH-2026-%03d", shape.nextInt(1000)));
            Map<String, String> customerAttributes = new LinkedHashMap<>();
            customerAttributes.put("customer_tier", "gold");
            ParticipantDraft customer = new ParticipantDraft(uuid(), "customer", "Customer", null, uuid(), "voice",
                    c.direction, ani, dnis, c.start, c.end, customerAttributes);
            c.participants.add(customer);
            c.participants.add(new ParticipantDraft(uuid(), "ivr", "Main IVR", null, uuid(), "voice", c.direction, ani,
                    dnis, c.start, ivrEnd, ivrAttributes));
            ParticipantDraft first = new ParticipantDraft(uuid(), "agent", agentName(1 + shape.nextInt(40)), uuid(),
                    uuid(), "voice", c.direction, ani, dnis, ivrEnd, transferAt, new LinkedHashMap<>());
            ParticipantDraft second = new ParticipantDraft(uuid(), "agent", agentName(41 + shape.nextInt(40)), uuid(),
                    uuid(), "voice", c.direction, ani, dnis, transferAt, c.end, new LinkedHashMap<>());
            c.participants.add(first);
            c.participants.add(second);
            // the IVR leg ended before the sandbox started; the agents' legs end with the transfer and the call
            customer.recordingId = recording(c, customer.sessionId, "audio", "Trunk", c.start.plusSeconds(1), ivrEnd,
                    false, false).id;
            RecordingDraft firstLeg = recording(c, first.sessionId, "audio", "Trunk", ivrEnd, transferAt, false, false);
            RecordingDraft secondLeg = recording(c, second.sessionId, "audio", "Consult", transferAt, c.end, false, false);
            first.recordingId = firstLeg.id;
            second.recordingId = secondLeg.id;
            firstLeg.uploadTime = s.liveCallUpload();
            secondLeg.uploadTime = s.liveCallUpload();
            return c;
        }

        private RecordingDraft recording(ConversationDraft c, String sessionId, String media, String subtype,
                Instant start, Instant end, boolean longCall, boolean big) {
            RecordingDraft r = new RecordingDraft();
            r.id = uuid();
            r.conversation = c;
            r.sessionId = sessionId;
            r.media = media;
            r.subtype = subtype;
            r.start = start;
            r.end = end.isAfter(start) ? end : start.plusSeconds(1);
            long min = s.mediaBytesMin();
            long max = s.mediaBytesMax();
            if (longCall) {
                min = max;
                max = 2 * max;
            }
            long total = big ? s.bigRecording() : min + shape.nextLong(max - min + 1);
            long directSeed = mediaSeeds.nextLong();
            long batchSeed = mediaSeeds.nextLong();
            if ("screen".equals(media)) {
                long webm = Math.max(total, MediaGenerator.webmHeaderLength() + 16);
                r.direct = new MediaGenerator.Media(MediaGenerator.Kind.WEBM, directSeed, webm);
                // batch download serves screen recordings in their original container too
                r.batch = r.direct;
            } else {
                long data = Math.max(2, (total - MediaGenerator.WAV_HEADER) & ~1L);
                r.direct = new MediaGenerator.Media(MediaGenerator.Kind.WAV, directSeed, data);
                // the trunk codec (Opus) is about a quarter of 16-bit PCM
                r.batch = new MediaGenerator.Media(MediaGenerator.Kind.OGG, batchSeed,
                        Math.max(MediaGenerator.OggStream.PACKET, data / 4));
            }
            r.state = "AVAILABLE";
            r.held = c.held;
            r.big = big;
            c.recordings.add(r);
            drafts.add(r);
            return r;
        }

        /** The earliest held conversation gets a hostile id; its recordings can then be exported by no one. */
        private static void hostileConversation(List<ConversationDraft> convs) {
            convs.stream().filter(c -> c.held).min(Comparator.comparing(c -> c.start)).ifPresent(c -> {
                c.id = MALICIOUS_CONVERSATION_ID;
                for (RecordingDraft r : c.recordings) {
                    r.invalidId = true;
                }
            });
        }

        /** Gives exact shares of one pool (held or unheld recordings) each fault, disjointly, in a seeded order. */
        private void assignRecordingFaults(boolean held) {
            List<RecordingDraft> pool = new ArrayList<>();
            for (RecordingDraft d : drafts) {
                if (d.held == held && !d.big) {
                    pool.add(d);
                }
            }
            shuffle(pool, stream(s.seed(), held ? 20 : 21));
            int size = pool.size();
            int next = 0;
            next = mark(pool, next, count(size, s.deletedShare()), d -> d.state = "DELETED");
            next = mark(pool, next, count(size, s.errorShare()), d -> d.state = "ERROR");
            next = mark(pool, next, count(size, s.archivedShare()), d -> d.state = "ARCHIVED");
            next = mark(pool, next, count(size, s.nullUrlShare()), d -> d.batchOnly = true);
            next = mark(pool, next, count(size, s.staleUrlShare()), d -> d.stale = true);
            if (held && s.maliciousIds()) {
                int i = 0;
                for (; next < size && i < MALICIOUS_IDS.size(); next++, i++) {
                    RecordingDraft d = pool.get(next);
                    d.id = MALICIOUS_IDS.get(i);
                    d.invalidId = true;
                }
            }
            for (RecordingDraft d : pool) {
                if (!"AVAILABLE".equals(d.state) || d.batchOnly) {
                    d.transcodeTime = Duration.ZERO; // no media to transcode
                }
            }
        }

        private static int mark(List<RecordingDraft> pool, int next, int count, java.util.function.Consumer<RecordingDraft> f) {
            int end = Math.min(pool.size(), next + count);
            for (int i = next; i < end; i++) {
                f.accept(pool.get(i));
            }
            return end;
        }

        private static int count(int size, double share) {
            return (int) Math.round(size * share);
        }

        private Set<Integer> pick(int n, double share, int salt) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                order.add(i);
            }
            shuffle(order, stream(s.seed(), salt));
            return new HashSet<>(order.subList(0, Math.min(n, count(n, share))));
        }

        private static <T> void shuffle(List<T> list, SplittableRandom r) {
            for (int i = list.size() - 1; i > 0; i--) {
                Collections.swap(list, i, r.nextInt(i + 1));
            }
        }

        /** Agent n's name: {@code Agent <n>}, or the scenario's name for it. */
        private String agentName(int n) {
            List<String> names = s.agentNames();
            return names.isEmpty() ? "Agent " + n : names.get(n % names.size());
        }

        private String uuid() {
            return SeededOrg.uuid(ids);
        }
    }

    /** A version-4 UUID drawn from a seeded stream. */
    static String uuid(SplittableRandom r) {
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /** An independent seeded stream for one concern. */
    static SplittableRandom stream(long seed, long salt) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + salt * 0xC2B2AE3D27D4EB4FL);
    }

    /** Mutable while generating; frozen into a {@link SeededConversation}. */
    private static final class ConversationDraft {
        String id;
        Instant start;
        Instant end;
        String direction;
        boolean held;
        boolean longCall;
        boolean transfer;
        boolean repeated;
        final List<ParticipantDraft> participants = new ArrayList<>();
        final List<RecordingDraft> recordings = new ArrayList<>();

        SeededConversation build(String divisionId, List<String> queues) {
            List<SeededConversation.Participant> ps = new ArrayList<>();
            for (ParticipantDraft p : participants) {
                // an agent always takes calls from the same queue (by its name: no draw from a seeded stream)
                String queue = "agent".equals(p.purpose) ? queues.get(Math.floorMod(p.name.hashCode(), queues.size())) : null;
                ps.add(new SeededConversation.Participant(p.id, p.purpose, p.name, p.userId, p.sessionId, p.mediaType,
                        p.direction, p.ani, p.dnis, p.start, p.end, Collections.unmodifiableMap(p.attributes),
                        p.screenSessionId, p.recordingId, queue));
            }
            List<SeededRecording> rs = new ArrayList<>();
            for (RecordingDraft r : recordings) {
                rs.add(r.build());
            }
            return new SeededConversation(id, start, end, direction, held, longCall, transfer, repeated, divisionId,
                    List.copyOf(ps), List.copyOf(rs));
        }
    }

    /** Mutable while generating; frozen into a {@link SeededConversation.Participant}. */
    private static final class ParticipantDraft {
        final String id;
        final String purpose;
        final String name;
        final String userId;
        final String sessionId;
        final String mediaType;
        final String direction;
        final String ani;
        final String dnis;
        final Instant start;
        final Instant end;
        final Map<String, String> attributes;
        String screenSessionId;
        String recordingId;

        ParticipantDraft(String id, String purpose, String name, String userId, String sessionId, String mediaType,
                String direction, String ani, String dnis, Instant start, Instant end, Map<String, String> attributes) {
            this.id = id;
            this.purpose = purpose;
            this.name = name;
            this.userId = userId;
            this.sessionId = sessionId;
            this.mediaType = mediaType;
            this.direction = direction;
            this.ani = ani;
            this.dnis = dnis;
            this.start = start;
            this.end = end;
            this.attributes = attributes;
        }
    }

    /** Mutable while generating; frozen into a {@link SeededRecording}. */
    private static final class RecordingDraft {
        int key;
        String id;
        ConversationDraft conversation;
        String sessionId;
        String media;
        String subtype;
        Instant start;
        Instant end;
        String state;
        boolean batchOnly;
        boolean stale;
        Duration transcodeTime = Duration.ZERO;
        Duration uploadTime = Duration.ZERO;
        boolean invalidId;
        boolean held;
        boolean big;
        MediaGenerator.Media direct;
        MediaGenerator.Media batch;

        SeededRecording build() {
            Instant convEnd = conversation.end;
            Instant archiveDate = "ARCHIVED".equals(state) ? convEnd.plusSeconds(1) : null;
            Instant deleteDate = "DELETED".equals(state) ? convEnd.plusSeconds(2) : conversation.start.plus(Duration.ofDays(365));
            return new SeededRecording(key, id, conversation.id, sessionId, media, subtype, start, end, state,
                    batchOnly, stale, transcodeTime, end.plus(uploadTime), invalidId, held, archiveDate, deleteDate, direct, batch);
        }
    }
}
