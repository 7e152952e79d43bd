from operator_app.services import audit


def test_world_builds_and_chain_verifies(world):
    with world.db.read() as session:
        result = audit.verify(session)
    assert result.ok
    # Points made at the command line log on "system"; each point's own chain opens with it.
    assert set(result.heads) == {"MSK-CO-1", "SPB-CO-1", "MSK-PO-101000", "system"}
