using Hull.Runtime;
using Hull.Spec;

namespace Hull.Cli.Commands;

internal sealed class SpecCommand : Command
{
    public override string Name => "spec";

    public override string Summary => "create a new specification file";

    public override string ArgumentsUsage => "";

    public override (int Min, int Max) Arity => (0, 0);

    public override IReadOnlyList<Flag> Flags =>
    [
        new("bundle", "path to the root of the bundle directory", FlagKind.String, "b"),
        new("rootless", "generate a configuration for a rootless container"),
    ];

    public override int Execute(Arguments args, GlobalOptions global)
    {
        string bundle = args.Value("bundle") is { Length: > 0 } given ? given : ".";
        if (!Directory.Exists(bundle))
            throw new HullException($"chdir {bundle}: {(File.Exists(bundle) ? "not a directory" : "no such file or directory")}", ErrorKind.NotFound);
        string path = Path.Combine(bundle, "config.json");
        if (File.Exists(path))
            throw new HullException("File config.json exists. Remove it first", ErrorKind.AlreadyExists);
        SpecLoader.Save(DefaultSpec.Create(args.Has("rootless")), path);
        return 0;
    }
}
