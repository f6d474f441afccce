from scans import sheet


def test_payload_round_trip_and_a_changed_one_is_forged():
    page = sheet.SheetPage(
        session_id=5, branch_id=2, number=1, count=2, member_ids=(9, 11)
    )
    payload = sheet.qr_payload(page)
    assert sheet.qr_parse(payload) == page
    forged = payload.replace("SC1|5|", "SC1|6|")
    try:
        sheet.qr_parse(forged)
    except sheet.ForgedSheet as error:
        assert "not one of this site's" in str(error)
    else:
        raise AssertionError("a changed QR code was accepted")


def test_layout_leaves_blank_rows_for_walk_ins():
    def shape(count):
        pages = sheet.sheet_layout(
            session_id=1, branch_id=1, member_ids=list(range(count))
        )
        assert all(p.count == len(pages) for p in pages)
        return [len(p.member_ids) for p in pages], pages[-1].blank_rows

    assert shape(0) == ([0], 15)
    assert shape(10) == ([10], 5)
    assert shape(11) == ([11, 0], 15)  # too few blank rows left: a second page
    assert shape(28) == ([15, 13, 0], 15)
    assert shape(25) == ([15, 10], 5)


def test_boxes_sit_between_the_markers_and_below_the_qr_code():
    top = sheet.marker_origin(0)[1] + sheet.MARKER_SIZE
    bottom = sheet.marker_origin(3)[1]
    for position in range(sheet.ROWS_PER_PAGE):
        x, y, w, h = sheet.box_rect(position)
        assert top < y and y + h < bottom
        assert y > sheet.QR_Y + sheet.QR_SIZE
