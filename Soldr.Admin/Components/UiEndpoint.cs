namespace Soldr.Admin.Components;

/// <summary>Marks the endpoints that belong to the management UI.</summary>
internal sealed class UiEndpoint
{
    public static readonly UiEndpoint Instance = new();

    private UiEndpoint()
    {
    }
}
