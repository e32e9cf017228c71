using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace LoginAudit.Data.Sqlite;

/// <summary>
/// Lets Microsoft.Data.Sqlite 9 run on SQLitePCLRaw 2.0.6, the only version the package source holds.
/// </summary>
/// <remarks>
/// Microsoft.Data.Sqlite 9.0.x is compiled against SQLitePCLRaw.core 2.1.x, so the runtime refuses the
/// 2.0.6 assembly that is actually deployed. Of the 76 SQLitePCLRaw members it uses, only
/// <c>sqlite3_load_extension</c> is missing in 2.0.6: never call <c>SqliteConnection.LoadExtension</c>.
/// The handler runs from a module initializer so it is registered before any SQLite type loads.
/// Remove this file once SQLitePCLRaw 2.1.x is available.
/// </remarks>
internal static class SqliteBridge
{
    private const string CoreAssemblyName = "SQLitePCLRaw.core";

#pragma warning disable CA2255 // A library module initializer is the point: it must run before any caller touches SQLite.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => AssemblyLoadContext.Default.Resolving += ResolveDeployedCore;

    private static Assembly? ResolveDeployedCore(AssemblyLoadContext context, AssemblyName requested)
    {
        if (!string.Equals(requested.Name, CoreAssemblyName, StringComparison.Ordinal))
        {
            return null;
        }

        // Beside this assembly first: at design time (dotnet ef) the base directory is the tool's, not ours.
        var candidates = new[] { Path.GetDirectoryName(typeof(SqliteBridge).Assembly.Location), AppContext.BaseDirectory };
        var path = candidates
            .Where(directory => !string.IsNullOrEmpty(directory))
            .Select(directory => Path.Combine(directory!, CoreAssemblyName + ".dll"))
            .FirstOrDefault(File.Exists);
        return path is null ? null : context.LoadFromAssemblyPath(path);
    }
}
