using Soldr.Core.Requests;

namespace Soldr.Ingest.Saving;

/// <summary>A request waiting for its batch, and the sender's answer waiting for the outcome.</summary>
internal readonly record struct PendingSave(IncomingRequest Request, TaskCompletionSource<SaveResult> Outcome);
