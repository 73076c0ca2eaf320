package dev.holdfast.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The seeded content of email, chat and messaging recordings: the transcript a {@code Recording} carries inline
 * ({@code emailTranscript}, {@code transcript}, {@code messagingTranscript}: the SDK's RecordingEmailMessage,
 * ChatMessage and RecordingMessagingMessage) and the file its media URL serves (EML for email, ZIP for chat and
 * messaging), both made from the same seed and message count, so the file and the inline transcript agree.
 *
 * <p>UNCONFIRMED in GENESYS-API.md, read plainly here: an email recording's EML ({@code message/rfc822}) is one
 * {@code multipart/digest} message holding each message of the thread as a part; a chat or messaging recording's
 * ZIP ({@code application/zip}) holds {@code transcript.json}, the inline transcript as JSON. The times in a
 * transcript are seeded, not the conversation's: the sandbox's bytes never depend on when it started (the promise
 * of {@link SeededOrg}), so two sandboxes of one seed serve the same hashes.
 */
final class Transcripts {

    /** The transcript file in a chat or messaging ZIP. */
    static final String ZIP_ENTRY = "transcript.json";
    /** Seeded transcript times fall after this instant. */
    private static final Instant EPOCH = Instant.parse("2026-01-05T09:00:00Z");
    private static final DateTimeFormatter RFC_5322 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final List<String> LINES = List.of(
            "Hello, I am writing about my account.", "Thank you for contacting us.", "Could you confirm the order number?",
            "The order number is on the invoice.", "I have passed this on to the team.", "Please keep this for your records.",
            "Is there anything else I can help with?", "That is all, thank you.");

    private Transcripts() {
    }

    /** The inline transcript of an email recording: RecordingEmailMessage[]. */
    static ArrayNode email(long seed, int messages) {
        SplittableRandom random = new SplittableRandom(seed);
        String customer = address(random);
        String subject = "Case " + Long.toHexString(random.nextLong() & 0xFFFFFFL);
        Instant time = start(random);
        ArrayNode out = Json.array();
        for (int i = 0; i < messages; i++) {
            boolean fromCustomer = i % 2 == 0;
            ObjectNode m = out.addObject();
            m.put("id", SeededOrg.uuid(random));
            m.set("from", emailAddress(fromCustomer ? customer : "support@example.com", fromCustomer ? "Customer" : "Support"));
            m.putArray("to").add(emailAddress(fromCustomer ? "support@example.com" : customer, fromCustomer ? "Support" : "Customer"));
            m.putArray("cc");
            m.putArray("bcc");
            m.put("subject", i == 0 ? subject : "Re: " + subject);
            m.put("textBody", body(random));
            m.putArray("attachments");
            m.put("time", Json.date(time));
            time = time.plusSeconds(600 + random.nextInt(7200));
        }
        return out;
    }

    /** The inline transcript of a chat recording: ChatMessage[]. */
    static ArrayNode chat(long seed, int messages) {
        SplittableRandom random = new SplittableRandom(seed);
        String chatId = SeededOrg.uuid(random);
        String customerId = SeededOrg.uuid(random);
        String agentId = SeededOrg.uuid(random);
        Instant time = start(random);
        ArrayNode out = Json.array();
        for (int i = 0; i < messages; i++) {
            boolean fromCustomer = i % 2 == 0;
            ObjectNode m = out.addObject();
            m.put("id", SeededOrg.uuid(random));
            m.put("body", LINES.get(random.nextInt(LINES.size())));
            m.put("bodyType", "STANDARD");
            m.put("chat", chatId);
            m.put("type", "message");
            m.put("from", fromCustomer ? customerId : agentId);
            m.put("to", fromCustomer ? agentId : customerId);
            m.put("utc", Json.date(time));
            m.put("senderCommunicationId", fromCustomer ? customerId : agentId);
            m.put("participantPurpose", fromCustomer ? "customer" : "agent");
            time = time.plusSeconds(5 + random.nextInt(90));
        }
        return out;
    }

    /** The inline transcript of a messaging recording (SMS, WhatsApp, web messaging): RecordingMessagingMessage[]. */
    static ArrayNode messaging(long seed, int messages) {
        SplittableRandom random = new SplittableRandom(seed);
        String customer = String.format("+4477%08d", random.nextInt(100_000_000));
        Instant time = start(random);
        ArrayNode out = Json.array();
        for (int i = 0; i < messages; i++) {
            boolean fromCustomer = i % 2 == 0;
            ObjectNode m = out.addObject();
            m.put("id", SeededOrg.uuid(random));
            m.put("from", fromCustomer ? customer : "+448005550100");
            m.put("to", fromCustomer ? "+448005550100" : customer);
            m.put("timestamp", Json.date(time));
            m.put("messageText", LINES.get(random.nextInt(LINES.size())));
            m.putArray("messageMediaAttachments");
            m.putArray("messageStickerAttachments");
            time = time.plusSeconds(10 + random.nextInt(600));
        }
        return out;
    }

    /**
     * The EML of an email recording: a {@code multipart/digest} whose parts are the thread's messages (RFC 2046:
     * a digest's parts are {@code message/rfc822} by default), CRLF line endings.
     */
    static byte[] eml(long seed, int messages) {
        ArrayNode thread = email(seed, messages);
        String boundary = "holdfast-sandbox-" + Long.toHexString(seed);
        ObjectNode last = (ObjectNode) thread.get(thread.size() - 1);
        StringBuilder out = new StringBuilder();
        header(out, "Date", rfc5322(last.path("time").asText()));
        header(out, "From", mailbox(last.path("from")));
        header(out, "To", mailbox(last.path("to").get(0)));
        header(out, "Subject", last.path("subject").asText());
        header(out, "Message-ID", "<" + last.path("id").asText() + "@sandbox.holdfast.invalid>");
        header(out, "MIME-Version", "1.0");
        header(out, "Content-Type", "multipart/digest; boundary=\"" + boundary + "\"");
        out.append("\r\n");
        for (var message : thread) {
            out.append("--").append(boundary).append("\r\n\r\n");
            header(out, "Date", rfc5322(message.path("time").asText()));
            header(out, "From", mailbox(message.path("from")));
            header(out, "To", mailbox(message.path("to").get(0)));
            header(out, "Subject", message.path("subject").asText());
            header(out, "Message-ID", "<" + message.path("id").asText() + "@sandbox.holdfast.invalid>");
            header(out, "Content-Type", "text/plain; charset=UTF-8");
            out.append("\r\n").append(message.path("textBody").asText().replace("\n", "\r\n")).append("\r\n");
        }
        out.append("--").append(boundary).append("--\r\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A ZIP holding {@link #ZIP_ENTRY}: the transcript as JSON. Stored, not deflated, with a fixed entry time
     * ({@link ZipEntry#setTimeLocal}: no time zone enters the bytes), so the same transcript gives the same bytes.
     */
    static byte[] zip(ArrayNode transcript) {
        try {
            byte[] json = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(transcript);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(json.length + 200);
            try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
                ZipEntry entry = new ZipEntry(ZIP_ENTRY);
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(json.length);
                entry.setCompressedSize(json.length);
                CRC32 crc = new CRC32();
                crc.update(json);
                entry.setCrc(crc.getValue());
                entry.setTimeLocal(LocalDateTime.ofInstant(EPOCH, ZoneOffset.UTC));
                zip.putNextEntry(entry);
                zip.write(json);
                zip.closeEntry();
            }
            return bytes.toByteArray();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Instant start(SplittableRandom random) {
        return EPOCH.plusSeconds(random.nextInt(300 * 24 * 3600));
    }

    private static String address(SplittableRandom random) {
        return String.format("customer-%06d@example.com", random.nextInt(1_000_000));
    }

    private static ObjectNode emailAddress(String email, String name) {
        ObjectNode node = Json.object();
        node.put("email", email);
        node.put("name", name);
        return node;
    }

    private static String body(SplittableRandom random) {
        StringBuilder out = new StringBuilder();
        int lines = 2 + random.nextInt(6);
        for (int i = 0; i < lines; i++) {
            out.append(LINES.get(random.nextInt(LINES.size()))).append('\n');
        }
        return out.toString();
    }

    private static void header(StringBuilder out, String name, String value) {
        out.append(name).append(": ").append(value).append("\r\n");
    }

    private static String mailbox(com.fasterxml.jackson.databind.JsonNode address) {
        return address.path("name").asText() + " <" + address.path("email").asText() + ">";
    }

    private static String rfc5322(String isoTime) {
        return RFC_5322.format(Instant.parse(isoTime));
    }
}
