using Hull.Runtime;

namespace Hull.Cli.Commands;

internal sealed class FeaturesCommand : Command
{
    public override string Name => "features";

    public override string Summary => "show the enabled features";

    public override string ArgumentsUsage => "";

    public override (int Min, int Max) Arity => (0, 0);

    public override int Execute(Arguments args, GlobalOptions global)
    {
        StandardStreams.Out.WriteLine(RuntimeFeatures.Describe().ToJson());
        return 0;
    }
}
