/**
 * The terminal's screen: a page served by the agent on localhost and shown full-screen by
 * Chromium in kiosk mode, in staff mode (the front desk) or entrance mode (children, unattended).
 *
 * <p>{@link no.klipp.terminal.display.Screen} is what {@code terminal run} starts from the
 * {@code display.*} configuration; {@link no.klipp.terminal.display.ValidatorDesk} sends every
 * scan through the validator and onto the screen; {@link no.klipp.terminal.display.Display} holds
 * what the pages show and pushes changes to them over Server-Sent Events;
 * {@link no.klipp.terminal.display.DisplayServer} serves the page, its words and the desk actions
 * with the JDK's HTTP server, on the loopback interface only.
 *
 * <p>The kiosk: {@code chromium --kiosk --noerrdialogs --autoplay-policy=no-user-gesture-required
 * http://localhost:8080/} (the autoplay flag lets the entrance screen beep before anyone has
 * touched it). Tigrinya needs an Ethiopic font ({@code fonts-noto-core} or
 * {@code fonts-sil-abyssinica}); Arabic and the rest render with DejaVu Sans.
 */
package no.klipp.terminal.display;
