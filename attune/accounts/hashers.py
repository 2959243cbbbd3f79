"""Password hashing: Argon2id at the parameters OWASP's Password Storage Cheat Sheet recommends.

Django's defaults (102,400 KiB of memory, 8 lanes) make each sign-in cost about half a second of a
core and 100 MB; at the start of a shift a whole ward signs in at once. OWASP's first recommended
configuration, 19 MiB of memory and 2 passes on one lane, costs a fraction of that. Hashes made with
other parameters are upgraded when their owner next signs in.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19_456  # KiB
    parallelism = 1
