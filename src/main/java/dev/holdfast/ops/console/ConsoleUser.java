package dev.holdfast.ops.console;

import java.security.Principal;

/** The logged-in console user's name in a subject. */
public record ConsoleUser(String getName) implements Principal {
}
