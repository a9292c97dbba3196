namespace Soldr.AppHost.Hosting.Resources;

/// <summary>A resource that services reach with a connection string (<c>ConnectionStrings__{name}</c>).</summary>
public interface IResourceWithConnectionString
{
    string Name { get; }

    /// <summary>Known once the resource is prepared, before it starts.</summary>
    string ConnectionString { get; }
}
