using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// Results go beside the binaries (bin/ is ignored by git), not into the directory the command ran from.
var config = DefaultConfig.Instance.WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));

// In process: the project BenchmarkDotNet would generate is framework-dependent net9.0 (only the 10.0
// runtime is installed here) and misses the package pruning its restore needs.
var arguments = args.Contains("--inProcess") ? args : [.. args, "--inProcess"];

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(arguments, config);
