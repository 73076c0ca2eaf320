package dev.holdfast.ops.health;

/** The outcome of one health check: up or down, and why (never a secret). */
public record Check(String name, boolean up, String detail) {
}
