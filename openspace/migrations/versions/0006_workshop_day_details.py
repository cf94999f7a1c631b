"""workshop day details: the organiser's name, the place and the venue's Wi-Fi name

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-30 12:10:00

Printed on the report's cover, the QR poster and the day's calendar file.
Existing workshops get empty strings (nothing printed).
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0010'
branch_labels = None
depends_on = None

COLUMNS = (("organiser_name", 200), ("place", 300), ("wifi_name", 100))


def upgrade() -> None:
    """Add the three columns, empty for every existing workshop."""
    with op.batch_alter_table("workshops") as batch:
        for name, length in COLUMNS:
            batch.add_column(sa.Column(name, sa.String(length), nullable=False,
                                       server_default=""))


def downgrade() -> None:
    """Drop the three columns."""
    with op.batch_alter_table("workshops") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
