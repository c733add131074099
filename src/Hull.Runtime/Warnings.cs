namespace Hull.Runtime;

/// <summary>Where the runtime reports problems that do not fail an operation; the CLI routes them to its log.</summary>
public static class Warnings
{
    public static Action<string> Sink { get; set; } = message => Console.Error.WriteLine($"warning: {message}");

    public static void Write(string message) => Sink(message);
}
