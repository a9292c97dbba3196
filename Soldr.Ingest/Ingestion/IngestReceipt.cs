namespace Soldr.Ingest.Ingestion;

/// <summary>The body of a 202: the id under which the request was saved.</summary>
public sealed record IngestReceipt(Guid Id);
