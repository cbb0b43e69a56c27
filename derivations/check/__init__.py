"""One claim or one formula from its steps to its verdict, with the numeric witness as the second key."""
