"""Reliability proofs: network faults, crashes at random points, concurrent writers."""
