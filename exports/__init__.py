"""File exports of Merkitys: pure functions that return bytes."""
