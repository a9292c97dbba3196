namespace Soldr.Core.Json;

/// <summary>
/// One step of a <see cref="JsonPathValue"/>: a member by <see cref="Name"/>, or else an array element by
/// <see cref="Index"/>.
/// </summary>
internal readonly record struct JsonPathStep(string? Name, int Index);
