namespace Hull.Runtime.Child;

/// <summary>
/// A failure of a step runc takes after its init reported ready (the user, the seccomp filter), which runc reports as
/// a failure to start the process, not of the container's init: without "error during container init".
/// </summary>
internal sealed class ProcessStartException(string message) : Exception(message);
