package dev.holdfast.ops.console;

import java.security.Principal;

/** A console role in a logged-in subject; Hawtio checks it by this class name ({@code hawtio.rolePrincipalClasses}). */
public record ConsoleRole(String getName) implements Principal {
}
