package dev.holdfast.download;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class MediaSignatureTest {

    @Test
    void an_email_served_as_message_rfc822_is_an_eml_but_a_plain_text_error_is_nothing() {
        assertEquals("eml", of("Date: Mon, 05 Jan 2026 09:00:00 +0000\r\nFrom: a <a@example.com>\r\n", "message/rfc822"));
        assertEquals("eml", of("Return-Path: <a@example.com>\r\n", "message/rfc822; charset=UTF-8"));
        assertNull(of("Error: the key does not exist\n", "text/plain"));
        assertNull(of("<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code></Error>", "message/rfc822"));
        assertNull(of("{\"message\":\"not found\"}", "message/rfc822"));
        assertNull(of("no header here at all, just words", "message/rfc822"));
    }

    @Test
    void a_zip_is_known_by_its_local_file_header() {
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0};
        assertEquals("zip", MediaSignature.of(zip, zip.length, "application/zip"));
        byte[] notZip = {'P', 'K', 9, 9};
        assertNull(MediaSignature.of(notZip, notZip.length, "application/zip"));
    }

    private static String of(String text, String contentType) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] head = new byte[MediaSignature.HEAD_BYTES];
        int length = Math.min(head.length, bytes.length);
        System.arraycopy(bytes, 0, head, 0, length);
        return MediaSignature.of(head, length, contentType);
    }
}
