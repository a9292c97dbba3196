namespace Soldr.Admin.Components.Parts;

/// <summary>
/// How much data a page's prerender hands over to its live render (<see cref="PrerenderedPage"/>). The data
/// travels in the page and comes back in the messages that start the live connection, encrypted and
/// base64-encoded twice on the way (about 1.8 times its JSON size, next to the components' descriptors).
/// A message over the hub's limit ends the connection and leaves the page dead, so the hub accepts
/// twice the hand-over budget, and data beyond the budget is read again instead.
/// </summary>
internal static class PrerenderLimits
{
    /// <summary>
    /// Room for the overview's 1,440 minutes (about 100 KB) and any list page; a request with a large
    /// body, or many attempts with large answers, is read again by the live render.
    /// </summary>
    public const int HandOverBytes = 256 * 1024;

    /// <summary>
    /// SignalR's default, 32 KB, does not hold the overview's figures. The hub serves signed-in operators
    /// only, so a larger message is no opening for anyone else.
    /// </summary>
    public const long ReceiveMessageBytes = 2L * HandOverBytes;
}
