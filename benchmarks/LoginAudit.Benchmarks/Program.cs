using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using LoginAudit.Benchmarks;

if (args is ["cold-parse", var conformanceFolder, var stringsOut])
{
    return ColdParseTiming.Run(conformanceFolder, stringsOut);
}

// Results go beside the binaries (bin/ is ignored by git), not into the directory the command ran from.
var config = DefaultConfig.Instance.WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
return 0;
