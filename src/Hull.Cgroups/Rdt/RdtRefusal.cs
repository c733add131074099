namespace Hull.Cgroups;

/// <summary>An Intel RDT configuration this host cannot apply; the message names the config field, as runc's do.</summary>
public sealed class RdtRefusal(string message) : Exception(message);
