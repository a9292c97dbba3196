using Soldr.Core.Requests;

namespace Soldr.Ingest.Ingestion;

/// <summary>
/// A captured request and the memory-budget bytes its body holds until it is answered; no request when
/// the budget had no room for its body.
/// </summary>
internal readonly record struct CapturedRequest(IncomingRequest? Request, long Reserved);
