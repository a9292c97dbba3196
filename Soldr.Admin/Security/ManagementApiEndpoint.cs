namespace Soldr.Admin.Security;

/// <summary>Marks the endpoints of the management API's port: the API, its OpenAPI document and reference page.</summary>
internal sealed class ManagementApiEndpoint
{
    public static readonly ManagementApiEndpoint Instance = new();

    private ManagementApiEndpoint()
    {
    }
}
