using System.Reflection;

namespace LoginAudit.Data.Export;

/// <summary>LoginAudit's name and version as the exported events state them (OCSF <c>metadata.product</c>, ECS <c>agent</c>-free <c>service</c>).</summary>
public static class ProductVersion
{
    public const string Name = "LoginAudit";

    /// <summary>The assembly's informational version without the source revision (<c>1.0.0</c>, not <c>1.0.0+abc123</c>).</summary>
    public static string Version { get; } =
        (typeof(ProductVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];
}
