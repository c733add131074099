namespace Hull.Tests.Driver;

/// <summary>Awaits with a deadline, so a hung container fails its test instead of the run.</summary>
public static class Within
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static CancellationToken Test => TestContext.Current.CancellationToken;

    public static Task<T> Deadline<T>(this Task<T> task) => task.WaitAsync(Patience, Test);
}
