using Soldr.AppHost.Hosting.Resources;

namespace Soldr.AppHost.Hosting;

/// <summary>The declarations Program.cs reads as, named after their Aspire counterparts.</summary>
public static class ResourceBuilderExtensions
{
    public static IResourceBuilder<PostgresServerResource> AddPostgres(this DistributedApplicationBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddResource(new PostgresServerResource(name));
    }

    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(this IResourceBuilder<PostgresServerResource> server, string name)
    {
        ArgumentNullException.ThrowIfNull(server);
        var database = new PostgresDatabaseResource(name, server.Resource);
        server.Resource.Databases.Add(database);
        return server.ApplicationBuilder.AddResource(database);
    }

    public static IResourceBuilder<RedisResource> AddRedis(this DistributedApplicationBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddResource(new RedisResource(name));
    }

    /// <summary>A secret from <paramref name="configurationKey"/>, or generated and kept in the data folder.</summary>
    public static IResourceBuilder<SecretResource> AddSecret(this DistributedApplicationBuilder builder, string name, string configurationKey, int minimumLength = 32)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddResource(new SecretResource(name, configurationKey, minimumLength));
    }

    public static IResourceBuilder<ProjectResource> AddProject<TProject>(this DistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddResource(new ProjectResource(name, new TProject()));
    }

    /// <param name="portOption">The AppHost option that sets this port, named in the "port in use" error.</param>
    public static IResourceBuilder<ProjectResource> WithHttpEndpoint(
        this IResourceBuilder<ProjectResource> project, string name = "http", int port = 0, string bindAddress = "localhost", string? portOption = null)
    {
        ArgumentNullException.ThrowIfNull(project);
        project.Resource.Endpoints.Add(new EndpointAnnotation(name, port, bindAddress, portOption));
        return project;
    }

    /// <summary>Readiness: GET <paramref name="path"/> on the endpoint answers 2xx.</summary>
    public static IResourceBuilder<ProjectResource> WithHttpHealthCheck(this IResourceBuilder<ProjectResource> project, string path, string endpointName = "http")
    {
        ArgumentNullException.ThrowIfNull(project);
        project.Resource.HealthCheck = (endpointName, path);
        return project;
    }

    public static EndpointAnnotation GetEndpoint(this IResourceBuilder<ProjectResource> project, string name)
    {
        ArgumentNullException.ThrowIfNull(project);
        return project.Resource.GetEndpoint(name);
    }

    /// <summary>Passes <c>ConnectionStrings__{name}</c>.</summary>
    public static IResourceBuilder<ProjectResource> WithReference<T>(this IResourceBuilder<ProjectResource> project, IResourceBuilder<T> source)
        where T : Resource, IResourceWithConnectionString
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(source);
        project.Resource.References.Add(source.Resource);
        project.Resource.EnvironmentCallbacks.Add(env => env[$"ConnectionStrings__{source.Resource.Name}"] = source.Resource.ConnectionString);
        return project;
    }

    /// <summary>
    /// Passes <c>services__{serviceName}__{endpoint name}__0</c>, as Aspire does: an endpoint named
    /// <c>http</c> is resolved from <c>http://{serviceName}</c>, any other from <c>http://_{name}.{serviceName}</c>.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithReference(this IResourceBuilder<ProjectResource> project, EndpointAnnotation endpoint, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(endpoint);
        project.Resource.EnvironmentCallbacks.Add(env => env[$"services__{serviceName}__{endpoint.Name}__0"] = endpoint.LocalUrl);
        return project;
    }

    public static IResourceBuilder<ProjectResource> WithEnvironment(this IResourceBuilder<ProjectResource> project, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(project);
        project.Resource.EnvironmentCallbacks.Add(env => env[name] = value);
        return project;
    }

    public static IResourceBuilder<ProjectResource> WithEnvironment(this IResourceBuilder<ProjectResource> project, string name, IResourceBuilder<SecretResource> secret)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(secret);
        project.Resource.EnvironmentCallbacks.Add(env => env[name] = secret.Resource.Value);
        return project;
    }

    /// <summary>Passes <paramref name="variable"/> as a folder inside the data folder, e.g. a service's own state.</summary>
    public static IResourceBuilder<ProjectResource> WithDataPath(this IResourceBuilder<ProjectResource> project, string variable, string relativePath)
    {
        ArgumentNullException.ThrowIfNull(project);
        project.Resource.DataPaths.Add((variable, relativePath));
        return project;
    }

    /// <summary>Starts this resource only once <paramref name="dependency"/> is ready.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> resource, IResourceBuilder<Resource> dependency)
        where T : Resource
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(dependency);
        resource.Resource.WaitsFor.Add(dependency.Resource);
        return resource;
    }

    /// <summary>A line for the status table.</summary>
    public static IResourceBuilder<T> WithNote<T>(this IResourceBuilder<T> resource, string note)
        where T : Resource => resource.WithNote(_ => note);

    /// <summary>A line for the status table, e.g. how to address webhooks; computed when the table is shown.</summary>
    public static IResourceBuilder<T> WithNote<T>(this IResourceBuilder<T> resource, Func<T, string> note)
        where T : Resource
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(note);
        resource.Resource.NoteFactory = () => note(resource.Resource);
        return resource;
    }
}
