"""What every area shares: model mixins, mail outbox, time, permissions, sanitising."""
