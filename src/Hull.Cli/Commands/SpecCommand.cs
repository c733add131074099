namespace Hull.Cli.Commands;

internal sealed class SpecCommand : Command
{
    public override string Name => "spec";

    public override string Summary => "create a new specification file";

    public override string ArgumentsUsage => "";

    public override (int Min, int Max) Arity => (0, 0);

    public override IReadOnlyList<Flag> Flags =>
    [
        new("bundle", "path to the root of the bundle directory", true, "b"),
        new("rootless", "generate a configuration for a rootless container"),
    ];

    public override int Execute(Arguments args, GlobalOptions global)
    {
        string bundle = args.Value("bundle") ?? ".";
        if (!Directory.Exists(bundle))
            throw new UsageException($"bundle directory {bundle} does not exist");
        string path = Path.Combine(bundle, "config.json");
        if (File.Exists(path))
            throw new Hull.Runtime.HullException("File config.json exists. Remove it first.", Hull.Runtime.ErrorKind.AlreadyExists);
        Hull.Spec.SpecLoader.Save(Hull.Spec.DefaultSpec.Create(args.Has("rootless")), path);
        return 0;
    }
}
