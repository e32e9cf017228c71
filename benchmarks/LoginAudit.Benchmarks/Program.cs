using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// Results go beside the binaries (bin/ is ignored by git), not into the directory the command ran from.
var config = DefaultConfig.Instance.WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
