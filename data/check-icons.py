#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks the application icons: each is well-formed SVG of the size its folder promises, and the
# symbolic one draws with fills only, since GTK recolours symbolic icons through their fill.
#
# Usage: check-icons.py ICON_THEME_DIR APP_ID

import os
import sys
import xml.etree.ElementTree as ET

SVG = '{http://www.w3.org/2000/svg}'


def check(path, size, symbolic):
    errors = []
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        return [f'{path}: {e}']
    if root.tag != SVG + 'svg':
        return [f'{path}: the root element is {root.tag}, not an SVG <svg>']
    for attr in ('width', 'height'):
        if root.get(attr) != str(size):
            errors.append(f'{path}: {attr} is {root.get(attr)!r}, expected {size!r}')
    if root.get('viewBox', '').split() != ['0', '0', str(size), str(size)]:
        errors.append(f'{path}: viewBox is {root.get("viewBox")!r}, expected "0 0 {size} {size}"')
    shapes = [e for e in root.iter() if e.tag in
              (SVG + t for t in ('path', 'rect', 'circle', 'ellipse', 'polygon'))]
    if not shapes:
        errors.append(f'{path}: draws nothing')
    for e in root.iter():
        if e.tag in (SVG + 'image', SVG + 'script'):
            errors.append(f'{path}: must not embed <{e.tag[len(SVG):]}>')
        if symbolic and e.get('stroke') not in (None, 'none'):
            errors.append(f'{path}: symbolic icons must use fills only, not stroke on <{e.tag[len(SVG):]}>')
    return errors


def main():
    theme, app_id = sys.argv[1], sys.argv[2]
    errors = check(os.path.join(theme, 'scalable', 'apps', app_id + '.svg'), 128, False)
    errors += check(os.path.join(theme, 'symbolic', 'apps', app_id + '-symbolic.svg'), 16, True)
    for error in errors:
        print(error, file=sys.stderr)
    if not errors:
        print('icons are valid')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
