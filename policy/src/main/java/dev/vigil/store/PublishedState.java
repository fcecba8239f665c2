package dev.vigil.store;

/**
 * One consistent published state of a store: the epoch that published it, the subjects file
 * generation it names, the loader's revision string and the opaque policy blob, all taken from
 * one read of the control seqlock. The policy array is the caller's own copy.
 */
public record PublishedState(long epoch, long generation, String revision, byte[] policy) {}
