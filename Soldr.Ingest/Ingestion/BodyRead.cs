namespace Soldr.Ingest.Ingestion;

/// <summary>
/// A request body read into memory, and the bytes of the memory budget it holds until its request is
/// answered. No bytes means the budget had no room for it: nothing is held then.
/// </summary>
internal readonly record struct BodyRead(byte[]? Bytes, long Reserved)
{
    public static BodyRead NoRoom => default;
}
