<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="ru">
<context>
    <name>AdminSection</name>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="171"/>
        <source>Логин</source>
        <translation>Login</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="172"/>
        <source>Фамилия и имя</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="173"/>
        <source>Роль</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="174"/>
        <source>Точка</source>
        <translation>Service point</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="175"/>
        <source>Состояние</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="176"/>
        <source>Последний вход</source>
        <translation>Last login</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="181"/>
        <source>&amp;Добавить…</source>
        <translation>&amp;Add…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="183"/>
        <source>&amp;Разблокировать</source>
        <translation>&amp;Unlock</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="185"/>
        <location filename="../../operator_app/views/operators_section.py" line="227"/>
        <source>&amp;Отключить</source>
        <translation>&amp;Disable</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="187"/>
        <source>&amp;Сбросить пароль…</source>
        <translation>&amp;Reset password…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="190"/>
        <source>Сменить ро&amp;ль…</source>
        <translation>Change ro&amp;le…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="180"/>
        <location filename="../../operator_app/views/operators_section.py" line="202"/>
        <source>Операторы</source>
        <translation>Operators</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="211"/>
        <source>отключён</source>
        <translation>disabled</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="213"/>
        <source>заблокирован до {0}</source>
        <translation>locked until {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="215"/>
        <source>активен</source>
        <translation>active</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="226"/>
        <source>&amp;Включить</source>
        <translation>&amp;Enable</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="255"/>
        <source>Пароль {0} сменён; блокировка снята.</source>
        <translation>Password of {0} changed; the lock is lifted.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="271"/>
        <source>{0}: роль «{1}».</source>
        <translation>{0}: role “{1}”.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="340"/>
        <source>Оператор {0} добавлен.</source>
        <translation>Operator {0} added.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="351"/>
        <source>Отключить оператора</source>
        <translation>Disable operator</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="352"/>
        <source>Отключить {0} ({1})? Он не сможет войти, пока его не включат.</source>
        <translation>Disable {0} ({1})? They will not be able to log in until enabled again.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="361"/>
        <source>Оператор {0} разблокирован.</source>
        <translation>Operator {0} unlocked.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="363"/>
        <source>Оператор {0} отключён.</source>
        <translation>Operator {0} disabled.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="364"/>
        <source>Оператор {0} включён.</source>
        <translation>Operator {0} enabled.</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <location filename="../../operator_app/views/widgets.py" line="195"/>
        <source>Сведения</source>
        <translation>Information</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/widgets.py" line="196"/>
        <source>Готово</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/widgets.py" line="197"/>
        <source>Предупреждение</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/widgets.py" line="198"/>
        <source>Ошибка</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/widgets.py" line="408"/>
        <source>Ошибка базы данных: {0}</source>
        <translation>Database error: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/widgets.py" line="410"/>
        <source>Непредвиденная ошибка: {0}</source>
        <translation>Unexpected error: {0}</translation>
    </message>
</context>
<context>
    <name>CaptureDialog</name>
    <message>
        <location filename="../../operator_app/views/capture_dialog.py" line="63"/>
        <source>Снимок документа с камеры</source>
        <translation>Document photo from the camera</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/capture_dialog.py" line="70"/>
        <source>Камера включается…</source>
        <translation>Starting the camera…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/capture_dialog.py" line="79"/>
        <source>Положите документ целиком в кадр и нажмите «Снять».</source>
        <translation>Place the whole document in the frame and press “Take photo”.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/capture_dialog.py" line="80"/>
        <source>Снять</source>
        <translation>Take photo</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/capture_dialog.py" line="83"/>
        <source>Переснять</source>
        <translation>Retake</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/capture_dialog.py" line="85"/>
        <source>Сохранить копию</source>
        <translation>Save copy</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/capture_dialog.py" line="87"/>
        <source>Отмена</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/capture_dialog.py" line="122"/>
        <source>Камера ещё не передала изображение.</source>
        <translation>The camera has not sent a picture yet.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/capture_dialog.py" line="133"/>
        <source>Края документа не найдены: поставьте углы вручную.</source>
        <translation>Document edges not found: place the corners by hand.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/capture_dialog.py" line="136"/>
        <source>Края найдены. Поправьте углы, если нужно.</source>
        <translation>Edges found. Adjust the corners if needed.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/capture_dialog.py" line="166"/>
        <source>Копия не годится — переснимите: {0}.</source>
        <translation>The copy is not usable — retake it: {0}.</translation>
    </message>
</context>
<context>
    <name>ChecklistPanel</name>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="113"/>
        <source>База данных недоступна: копия «{0}» сохранена на этом компьютере и будет записана, когда связь восстановится.</source>
        <translation>The database is unavailable: copy “{0}” is kept on this computer and will be stored when the connection is back.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="670"/>
        <source>Документы</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="683"/>
        <source>Документы заявителя</source>
        <translation>Applicant&apos;s documents</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="684"/>
        <source>Документ</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="684"/>
        <source>Серия, номер</source>
        <translation>Series, number</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="685"/>
        <source>Действует до</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="685"/>
        <source>Сверен</source>
        <translation>Checked</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="686"/>
        <source>Копии</source>
        <translation>Copies</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="693"/>
        <source>Сверить с оригиналом…</source>
        <translation>Check against original…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="695"/>
        <source>Копия из файла…</source>
        <translation>Copy from file…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="696"/>
        <source>Фото или скан выбранного документа: JPEG, PNG, PDF. Скан из папки сканера добавится сам.</source>
        <translation>Photo or scan of the selected document: JPEG, PNG, PDF. A scan from the scanner folder is added automatically.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="699"/>
        <source>Снимок с камеры…</source>
        <translation>Camera photo…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="714"/>
        <source>Добавить…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="716"/>
        <source>СНИЛС у заявителя нет</source>
        <translation>The applicant has no SNILS</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="725"/>
        <source>Замечания проверки</source>
        <translation>Check findings</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="734"/>
        <source>Другой документ:</source>
        <translation>Other document:</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="736"/>
        <source>Вид другого документа</source>
        <translation>Kind of the other document</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="746"/>
        <source>Проверка:</source>
        <translation>Check:</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="775"/>
        <source>Не сохранена сверка документа «{0}».</source>
        <translation>The check of “{0}” is not saved.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="778"/>
        <source>Копия {0} ждёт подтверждения, что это тот документ.</source>
        <translation>Copy {0} is waiting for confirmation that it is the right document.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="829"/>
        <source>нет</source>
        <translation>no</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="831"/>
        <source>да, с оговоркой</source>
        <translation>yes, with a note</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="832"/>
        <source>да</source>
        <translation>yes</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="843"/>
        <source>Принят несмотря на замечание: {0}</source>
        <translation>Accepted despite the finding: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="853"/>
        <source>⚠ предупреждение, можно продолжить: </source>
        <translation>⚠ warning, you may continue: </translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="859"/>
        <source>✓ Всё сверено, нарушений нет.</source>
        <translation>✓ Everything checked, no problems.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="868"/>
        <source>Выберите документ в списке.</source>
        <translation>Select a document in the list.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="932"/>
        <source>Выберите документ, к которому относится копия.</source>
        <translation>Select the document this copy belongs to.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="942"/>
        <location filename="../../operator_app/views/checklist.py" line="1127"/>
        <source>Копия документа</source>
        <translation>Document copy</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="943"/>
        <source>Изображения и PDF (*.jpg *.jpeg *.png *.pdf);;Все файлы (*)</source>
        <translation>Images and PDF (*.jpg *.jpeg *.png *.pdf);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="997"/>
        <source>Проверка копии {0}…</source>
        <translation>Checking copy {0}…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="1071"/>
        <source>Копии, снятые без связи с базой, записаны: {0}.</source>
        <translation>Copies taken while the database was offline are stored: {0}.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="1142"/>
        <source>Это действительно этот документ — принять</source>
        <translation>This is the right document — accept</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="1144"/>
        <source>Копия не принята — {0}.</source>
        <translation>Copy not accepted — {0}.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="1145"/>
        <location filename="../../operator_app/views/checklist.py" line="1150"/>
        <source>Копия не принята — переснимите: {0}</source>
        <translation>Copy not accepted — retake it: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="1148"/>
        <source> Приложите другой файл или подтвердите, что это тот документ.</source>
        <translation> Attach another file or confirm that it is the right document.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="1153"/>
        <source>Копий сохранено: {0}.</source>
        <translation>Copies saved: {0}.</translation>
    </message>
</context>
<context>
    <name>CodeChooser</name>
    <message>
        <location filename="../../operator_app/views/scan_panel.py" line="74"/>
        <source>Несколько кодов</source>
        <translation>Several codes</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/scan_panel.py" line="75"/>
        <source>Найдено кодов: {0}. Ни одно заявление ещё не открыто — выберите заявление этого заявителя.</source>
        <translation>Codes found: {0}. No application is open yet — choose this applicant’s application.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/scan_panel.py" line="96"/>
        <source>Открыть выбранное</source>
        <translation>Open selected</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/scan_panel.py" line="98"/>
        <source>Отмена</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>CodeDialog</name>
    <message>
        <location filename="../../operator_app/views/code_window.py" line="91"/>
        <source>Код подтверждения выдан</source>
        <translation>Confirmation code issued</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/code_window.py" line="100"/>
        <source>Код подтверждения</source>
        <translation>Confirmation code</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/code_window.py" line="101"/>
        <source>Прочитайте по группам: </source>
        <translation>Read out in groups: </translation>
    </message>
    <message>
        <location filename="../../operator_app/views/code_window.py" line="108"/>
        <source>Действует до {0}. Код одноразовый; после закрытия окна его нельзя показать снова — только выдать новый.</source>
        <translation>Valid until {0}. The code works once; after this window is closed it cannot be shown again — only a new one can be issued.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/code_window.py" line="113"/>
        <source>Печать (A4)</source>
        <translation>Print (A4)</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/code_window.py" line="115"/>
        <source>Печать (чек 80 мм)</source>
        <translation>Print (80 mm receipt)</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/code_window.py" line="117"/>
        <source>Готово</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/code_window.py" line="174"/>
        <source>Код не напечатан</source>
        <translation>Code not printed</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/code_window.py" line="175"/>
        <source>Код больше не будет показан на экране. Закрыть окно?</source>
        <translation>The code will not be shown on screen again. Close the window?</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/code_window.py" line="178"/>
        <source>Если заявитель не записал код, останется только выдать новый.</source>
        <translation>If the applicant has not written the code down, the only way is to issue a new one.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/code_window.py" line="180"/>
        <source>Не закрывать</source>
        <translation>Keep open</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/code_window.py" line="181"/>
        <source>Закрыть окно</source>
        <translation>Close window</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="77"/>
        <source>Данные изменили за другим столом</source>
        <translation>The data was changed at another desk</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="78"/>
        <source>Пока вы исправляли, за другим столом сохранили изменения этого заявителя. Ничего из ваших исправлений не записано.</source>
        <translation>While you were correcting, another desk saved changes to this applicant. None of your corrections has been saved.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="82"/>
        <source>Их изменения:</source>
        <translation>Their changes:</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="83"/>
        <source>Внести мои исправления поверх</source>
        <translation>Apply my corrections on top</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="85"/>
        <source>Отказаться от моих исправлений</source>
        <translation>Discard my corrections</translation>
    </message>
</context>
<context>
    <name>CopyStrip</name>
    <message>
        <location filename="../../operator_app/views/copy_viewer.py" line="54"/>
        <source>{0}×{1}, {2}, {3} КБ</source>
        <translation>{0}×{1}, {2}, {3} KB</translation>
    </message>
</context>
<context>
    <name>CopyViewer</name>
    <message>
        <location filename="../../operator_app/views/copy_viewer.py" line="80"/>
        <source>По размеру окна</source>
        <translation>Fit to window</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/copy_viewer.py" line="92"/>
        <source>Колесо мыши — масштаб, перетаскивание — сдвиг</source>
        <translation>Mouse wheel zooms, dragging moves</translation>
    </message>
</context>
<context>
    <name>CorrectionDialog</name>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="42"/>
        <source>Имя</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="44"/>
        <source>Личные данные</source>
        <translation>Personal data</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="45"/>
        <source>Связь</source>
        <translation>Contacts</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="46"/>
        <source>Адрес в России</source>
        <translation>Address in Russia</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="50"/>
        <source>ДД.ММ.ГГГГ</source>
        <translation>DD.MM.YYYY</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="50"/>
        <source>12 цифр</source>
        <translation>12 digits</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="51"/>
        <source>6 цифр</source>
        <translation>6 digits</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="52"/>
        <source>страна или код</source>
        <translation>country or code</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="52"/>
        <source>начните вводить название</source>
        <translation>start typing the name</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="53"/>
        <source>12, 12А, 12 к. 2</source>
        <translation>12, 12A, 12 bldg 2</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="53"/>
        <source>номер</source>
        <translation>number</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="104"/>
        <source>Исправление данных — заявление {0}</source>
        <translation>Data correction — application {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="114"/>
        <source>В учётной записи</source>
        <translation>In the account</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="115"/>
        <source>Исправленное значение</source>
        <translation>Corrected value</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="116"/>
        <source>В документе</source>
        <translation>In the document</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="139"/>
        <source>Что изменится</source>
        <translation>What will change</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="140"/>
        <source>Поле</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="140"/>
        <source>Было</source>
        <translation>Before</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="141"/>
        <source>Станет</source>
        <translation>After</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="151"/>
        <location filename="../../operator_app/views/correction_form.py" line="375"/>
        <source>Выберите причину</source>
        <translation>Choose a reason</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="158"/>
        <source>Пояснение (необязательно): какой документ, что было неверно</source>
        <translation>Note (optional): which document, what was wrong</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="161"/>
        <source>&amp;Причина:</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="170"/>
        <source>Сохранить исправления</source>
        <translation>Save corrections</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="175"/>
        <source>Отмена</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="179"/>
        <source>Сверяйте с оригиналами. Исправление вносится в это же заявление; каждое изменённое поле попадает в журнал с причиной.</source>
        <translation>Check against the originals. The correction goes into this same application; every changed field is logged with the reason.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="220"/>
        <source>← взять</source>
        <translation>← take</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="222"/>
        <source>Перенести значение из документа ({0})</source>
        <translation>Take the value from the document ({0})</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="227"/>
        <source>по латинице</source>
        <translation>from Latin</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="229"/>
        <source>Предложить русскую запись по латинской — затем сверьте с переводом паспорта</source>
        <translation>Suggest the Cyrillic spelling from the Latin one — then check it against the passport translation</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="260"/>
        <source>В учётной записи: </source>
        <translation>In the account: </translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="274"/>
        <source>Отличается от учётной записи</source>
        <translation>Differs from the account</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="365"/>
        <source>Изменится полей: {0}</source>
        <translation>Fields to change: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="366"/>
        <source>Пока ничего не изменено.</source>
        <translation>Nothing changed yet.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="368"/>
        <source> · исправьте ошибки: {0}</source>
        <translation> · fix the errors: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="374"/>
        <source>Сначала исправьте ошибки</source>
        <translation>Fix the errors first</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="375"/>
        <source>Нет изменений</source>
        <translation>No changes</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="383"/>
        <source>Сохранение…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="440"/>
        <source>Загружены данные другого стола; ваши исправления внесены поверх — проверьте список изменений и сохраните ещё раз.</source>
        <translation>The other desk’s data is loaded and your corrections are applied on top — check the list of changes and save again.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="443"/>
        <source>Загружены данные другого стола; ваши исправления отброшены.</source>
        <translation>The other desk’s data is loaded; your corrections are discarded.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="462"/>
        <source>Исправления не сохранены</source>
        <translation>Corrections not saved</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/correction_form.py" line="463"/>
        <source>Закрыть форму и отбросить несохранённые исправления?</source>
        <translation>Close the form and discard the unsaved corrections?</translation>
    </message>
</context>
<context>
    <name>CustomerWindow</name>
    <message>
        <location filename="../../operator_app/views/code_window.py" line="45"/>
        <source>Код подтверждения</source>
        <translation>Confirmation code</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/code_window.py" line="50"/>
        <source>Введите этот код на портале Госуслуг, чтобы подтвердить учётную запись.
Enter this code on the Gosuslugi portal to confirm your account.</source>
        <translation>Введите этот код на портале Госуслуг, чтобы подтвердить учётную запись.
Enter this code on the Gosuslugi portal to confirm your account.</translation>
    </message>
</context>
<context>
    <name>DatabaseWatch</name>
    <message>
        <location filename="../../operator_app/views/connection.py" line="48"/>
        <source>База данных недоступна, повторяю… Введённое на экране сохранится.</source>
        <translation>The database is unavailable, retrying… What is on the screen will be kept.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/connection.py" line="58"/>
        <source>База данных недоступна, повторяю (попытка {0})… Введённое на экране сохранится. {1}</source>
        <translation>The database is unavailable, retrying (attempt {0})… What is on the screen will be kept. {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/connection.py" line="64"/>
        <source>Связь с базой данных восстановлена.</source>
        <translation>The database connection is restored.</translation>
    </message>
</context>
<context>
    <name>DeskApp</name>
    <message>
        <location filename="../../operator_app/views/app.py" line="100"/>
        <source>Произошла непредвиденная ошибка. Введённые данные сохранены там, где они уже были сохранены.

{0}

Подробности для администратора — в журнале программы: {1}</source>
        <translation>An unexpected error occurred. Data already saved stays saved.

{0}

Details for the administrator are in the program log: {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/app.py" line="140"/>
        <source>Создаются демонстрационные данные: заявители, сотрудники и две недели работы пунктов и отделений.
Это делается один раз и занимает около полуминуты.</source>
        <translation>Creating demo data: applicants, staff and two weeks of work at service points and post offices.
This happens once and takes about half a minute.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/app.py" line="256"/>
        <source>Operator Desk — база данных</source>
        <translation>Operator Desk — database</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/app.py" line="264"/>
        <source>Operator Desk — ключи</source>
        <translation>Operator Desk — keys</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/app.py" line="305"/>
        <source>libzbar0 (распознавание штрихкодов через zbar; используется zxing-cpp)</source>
        <translation>libzbar0 (barcode reading with zbar; zxing-cpp is used instead)</translation>
    </message>
</context>
<context>
    <name>DeskSection</name>
    <message>
        <location filename="../../operator_app/views/desk.py" line="102"/>
        <source>Номер заявления, номер паспорта или фамилия — и Enter</source>
        <translation>Application number, passport number or surname, then Enter</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="107"/>
        <source>Найти</source>
        <translation>Find</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="109"/>
        <location filename="../../operator_app/views/desk.py" line="231"/>
        <source>Найти заявление</source>
        <translation>Find an application</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="114"/>
        <location filename="../../operator_app/views/desk.py" line="135"/>
        <source>Номер</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="115"/>
        <source>Заявитель</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="116"/>
        <source>По-русски</source>
        <translation>In Cyrillic</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="117"/>
        <location filename="../../operator_app/views/desk.py" line="136"/>
        <source>Дата рождения</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="119"/>
        <location filename="../../operator_app/views/desk.py" line="137"/>
        <source>Гражданство</source>
        <translation>Citizenship</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="125"/>
        <source>Enter или двойной щелчок — открыть заявление</source>
        <translation>Enter or double-click opens the application</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="135"/>
        <source>Фамилия, имя (лат.)</source>
        <translation>Surname, given names (Latin)</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="136"/>
        <source>Фамилия, имя (рус.)</source>
        <translation>Surname, given names (Cyrillic)</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="137"/>
        <source>Учётная запись</source>
        <translation>Account</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="138"/>
        <source>Подтверждение</source>
        <translation>Confirmation</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="138"/>
        <source>Подано</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="151"/>
        <source>Справка о статусе</source>
        <translation>Status certificate</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="154"/>
        <source>Выдать новый код…</source>
        <translation>Issue a new code…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="156"/>
        <source>Код потерян: старый отзывается, выдаётся новый</source>
        <translation>Code lost: the old one is revoked and a new one issued</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="158"/>
        <source>Открыть повторный визит…</source>
        <translation>Open a repeat visit…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="180"/>
        <source>Заявление</source>
        <translation>Application</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="181"/>
        <source>Документы</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="217"/>
        <source>Приём заявителя</source>
        <translation>Applicant reception</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="218"/>
        <source>Отсканируйте QR-код заявления камерой или ручным сканером, откройте файл или введите номер, паспорт или фамилию.</source>
        <translation>Scan the application QR code with the camera or hand scanner, open a file, or enter the number, passport or surname.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="229"/>
        <source>&amp;Визит</source>
        <translation>&amp;Visit</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="233"/>
        <source>Вкладка «Заявление»</source>
        <translation>Tab «Application»</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="235"/>
        <source>Вкладка «Документы»</source>
        <translation>Tab «Documents»</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="243"/>
        <source>Alt+2; Enter в списке — сверить документ</source>
        <translation>Alt+2; Enter in the list checks the document</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="259"/>
        <source>на экране код для заявителя — закройте окно с кодом.</source>
        <translation>a code for the applicant is on screen — close the code window.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="261"/>
        <source>открыто исправление данных — сохраните или закройте его.</source>
        <translation>a data correction is open — save or close it.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="273"/>
        <source>Открыт визит по заявлению {0}{1}: он останется открытым за этим столом.</source>
        <translation>A visit for application {0}{1} is open: it will stay open at this desk.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="277"/>
        <source>На экране код для заявителя: после выхода его не показать.</source>
        <translation>A code for the applicant is on screen: it cannot be shown after you log out.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="310"/>
        <source>Новое заявление не открыто: {0}</source>
        <translation>The new application was not opened: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="351"/>
        <source>Найдено кодов: {0}, но среди них нет кода заявления. Отсканируйте QR-код заявления.</source>
        <translation>Codes found: {0}, but none of them is an application code. Scan the application QR code.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="365"/>
        <source>Найдено несколько кодов: выберите заявление. Ни одно не открыто.</source>
        <translation>Several codes found: choose the application. None is open yet.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="385"/>
        <source>личность подтверждена, код ещё не введён на портале</source>
        <translation>identity confirmed, code not yet entered on the portal</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="418"/>
        <source>Новый код</source>
        <translation>New code</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="419"/>
        <source>Сверьте паспорт заявителя с заявлением. Почему нужен новый код? Старый перестанет действовать.</source>
        <translation>Check the applicant’s passport against the application. Why is a new code needed? The old one will stop working.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="421"/>
        <source>Заявитель потерял код</source>
        <translation>The applicant lost the code</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="422"/>
        <source>Укажите, почему нужен новый код.</source>
        <translation>Say why a new code is needed.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="423"/>
        <source>Выдать новый код</source>
        <translation>Issue a new code</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="453"/>
        <source>Старый код отозван, выдан новый.</source>
        <translation>The old code is revoked; a new one is issued.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="515"/>
        <source>Данные исправлены ({0}): {1}.</source>
        <translation>Data corrected ({0}): {1}.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="550"/>
        <source>Визит по заявлению {0} завершён: {1}. Следующий заявитель — отсканируйте код.</source>
        <translation>The visit for application {0} is finished: {1}. Next applicant — scan the code.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="648"/>
        <source>Введите хотя бы два символа.</source>
        <translation>Enter at least two characters.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="673"/>
        <source>Ничего не найдено. Проверьте номер или фамилию.</source>
        <translation>Nothing found. Check the number or surname.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="677"/>
        <source>Найдено: {0}. Выберите заявителя и нажмите Enter (или дважды щёлкните), чтобы открыть заявление.</source>
        <translation>Found: {0}. Select the applicant and press Enter (or double-click) to open the application.</translation>
    </message>
</context>
<context>
    <name>DocumentDialog</name>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="71"/>
        <source>Серия</source>
        <translation>Series</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="71"/>
        <source>Номер</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="71"/>
        <source>Дата выдачи</source>
        <translation>Date of issue</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="72"/>
        <source>Действует до</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="72"/>
        <source>Кем выдан</source>
        <translation>Issued by</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="72"/>
        <source>Страна (ISO)</source>
        <translation>Country (ISO)</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="73"/>
        <source>Фамилия (лат.)</source>
        <translation>Surname (Latin)</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="73"/>
        <source>Имя (лат.)</source>
        <translation>Given names (Latin)</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="95"/>
        <source>Дата в виде ДД.ММ.ГГГГ, например 01.03.2029.</source>
        <translation>Date as DD.MM.YYYY, e.g. 01.03.2029.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="100"/>
        <source>тип документа</source>
        <translation>document type</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="100"/>
        <source>государство выдачи</source>
        <translation>issuing state</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="101"/>
        <source>фамилия и имя</source>
        <translation>name</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="101"/>
        <source>номер документа</source>
        <translation>document number</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="102"/>
        <source>гражданство</source>
        <translation>nationality</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="102"/>
        <source>дата рождения</source>
        <translation>date of birth</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="102"/>
        <source>пол</source>
        <translation>sex</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="103"/>
        <source>срок действия</source>
        <translation>expiry date</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="103"/>
        <source>личный номер</source>
        <translation>personal number</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="104"/>
        <source>дополнительные данные</source>
        <translation>optional data</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="105"/>
        <source>общая контрольная цифра</source>
        <translation>composite check digit</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="154"/>
        <source>Сверка с оригиналом: {0}</source>
        <translation>Check against original: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="163"/>
        <source>ДД.ММ.ГГГГ</source>
        <translation>DD.MM.YYYY</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="173"/>
        <source>{0}, из заявления</source>
        <translation>{0}, from the application</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="178"/>
        <source>Серию, номер, даты и MRZ</source>
        <translation>Series, number, dates and MRZ</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="179"/>
        <source>Серию, номер и даты</source>
        <translation>Series, number and dates</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="181"/>
        <source>{0} введите с оригинала документа. Поля с пометкой «из заявления» сверьте с документом и исправьте, если они другие.</source>
        <translation>{0}: type from the original document. Check the fields marked “from the application” against the document and correct them if they differ.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="184"/>
        <source>Поля — как они записаны в документе, который держите в руках.</source>
        <translation>Fields as written in the document you are holding.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="192"/>
        <source>Сверено с оригиналом</source>
        <translation>Checked against original</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="194"/>
        <source>Записать, что документ сверен с оригиналом, с полями как введены</source>
        <translation>Record that the document was checked against the original, with the fields as entered</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="197"/>
        <source>Отмена</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="255"/>
        <source>Документ не годится по правилам</source>
        <translation>The document fails the rules</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="258"/>
        <source>Принять несмотря на это</source>
        <translation>Accept anyway</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="263"/>
        <source>Причина: почему документ принят, например «ошибка в бланке паспорта»</source>
        <translation>Reason: why the document is accepted, e.g. “misprint in the passport”</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="354"/>
        <source>В заявлении указано: {0}.</source>
        <translation>The application says: {0}.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="370"/>
        <source>Сверка запишется с этой причиной, но подтвердить личность по такому документу нельзя: визит закончится отказом или повторным визитом.</source>
        <translation>The check is recorded with this reason, but identity cannot be confirmed with such a document: the visit will end with a refusal or a repeat visit.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="374"/>
        <source>Сверка запишется с этой причиной; в проверке останется предупреждение.</source>
        <translation>The check is recorded with this reason; a warning stays in the check.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="402"/>
        <source>Машиночитаемая зона (MRZ)</source>
        <translation>Machine-readable zone (MRZ)</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="406"/>
        <source>Строки MRZ с паспорта, как напечатаны (2 строки по 44 знака)</source>
        <translation>MRZ lines from the passport as printed (2 lines of 44 characters)</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="427"/>
        <source>Отмеченные знаки сверены с документом</source>
        <translation>Marked characters checked against the document</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="431"/>
        <source>Заполнить поля из MRZ</source>
        <translation>Fill fields from MRZ</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="434"/>
        <source>Прочитать с копии</source>
        <translation>Read from copy</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="437"/>
        <source>Прочитать камерой</source>
        <translation>Read with camera</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="438"/>
        <source>Поднесите страницу с фотографией к камере: MRZ читается с нескольких кадров</source>
        <translation>Hold the photo page up to the camera: the MRZ is read from several frames</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="478"/>
        <source>⚠ Контрольные цифры сходятся, но не все знаки прочитаны уверенно.</source>
        <translation>⚠ The check digits match, but not all characters were read with certainty.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="483"/>
        <source>MRZ верна: все контрольные цифры сходятся.</source>
        <translation>MRZ is valid: all check digits match.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="536"/>
        <source>проверено контрольной цифрой</source>
        <translation>verified by a check digit</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="537"/>
        <source>контрольная цифра это поле не проверяет</source>
        <translation>no check digit covers this field</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="538"/>
        <source>строка {line}, знак {where} — {field} ({covered})</source>
        <translation>line {line}, character {where} — {field} ({covered})</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="541"/>
        <source>Сверьте с документом отмеченные знаки: </source>
        <translation>Check the marked characters against the document: </translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="566"/>
        <source>Чтение MRZ с копии…</source>
        <translation>Reading the MRZ from the copy…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="587"/>
        <source>На копиях MRZ не найдена: введите строки вручную.</source>
        <translation>No MRZ found on the copies: type the lines by hand.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="617"/>
        <source>Введите номер с оригинала документа.</source>
        <translation>Enter the number from the original document.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/checklist.py" line="625"/>
        <source>Чтобы записать сверку такого документа, отметьте «Принять несмотря на это» и напишите причину.</source>
        <translation>To record the check of such a document, tick “Accept anyway” and write the reason.</translation>
    </message>
</context>
<context>
    <name>EventLogModel</name>
    <message>
        <location filename="../../operator_app/views/event_log.py" line="35"/>
        <source>Время</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/event_log.py" line="36"/>
        <source>Точка</source>
        <translation>Service point</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/event_log.py" line="37"/>
        <source>Оператор</source>
        <translation>Operator</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/event_log.py" line="38"/>
        <source>Действие</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/event_log.py" line="39"/>
        <source>Заявление</source>
        <translation>Application</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/event_log.py" line="41"/>
        <source>Подробности</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>FirstAdminDialog</name>
    <message>
        <location filename="../../operator_app/views/login.py" line="181"/>
        <source>Operator Desk — первый запуск</source>
        <translation>Operator Desk — first start</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/login.py" line="186"/>
        <source>ЦО «Тверская», Москва</source>
        <translation>Tverskaya Service Center, Moscow</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/login.py" line="188"/>
        <source>Центр обслуживания</source>
        <translation>Service center</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/login.py" line="189"/>
        <source>Почтовое отделение</source>
        <translation>Post office</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/login.py" line="192"/>
        <source>Фамилия Имя</source>
        <translation>Surname Name</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/login.py" line="198"/>
        <source>&amp;Код точки</source>
        <translation>Point &amp;code</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/login.py" line="199"/>
        <source>&amp;Название</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/login.py" line="200"/>
        <source>&amp;Тип</source>
        <translation>&amp;Type</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/login.py" line="201"/>
        <source>Почтовый &amp;индекс</source>
        <translation>Posta&amp;l code</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/login.py" line="202"/>
        <source>&amp;Логин администратора</source>
        <translation>&amp;Administrator login</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/login.py" line="203"/>
        <source>&amp;Фамилия и имя</source>
        <translation>&amp;Full name</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/login.py" line="204"/>
        <source>&amp;Пароль</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/login.py" line="205"/>
        <source>Пароль ещё &amp;раз</source>
        <translation>Password a&amp;gain</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/login.py" line="214"/>
        <source>Создать и войти</source>
        <translation>Create and log in</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/login.py" line="215"/>
        <source>Закрыть</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/login.py" line="220"/>
        <source>Первый запуск</source>
        <translation>First start</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/login.py" line="222"/>
        <source>В базе данных ещё нет операторов. Создайте свою точку обслуживания и учётную запись администратора; остальных операторов администратор добавит потом.</source>
        <translation>The database has no operators yet. Create your service point and the administrator account; the administrator will add the other operators later.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/login.py" line="236"/>
        <source>Пароли не совпадают.</source>
        <translation>The passwords do not match.</translation>
    </message>
</context>
<context>
    <name>KeepsTypingDialog</name>
    <message>
        <location filename="../../operator_app/views/widgets.py" line="113"/>
        <source>Введённое не сохранено</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/widgets.py" line="114"/>
        <source>Закрыть окно и отбросить введённое?</source>
        <translation>Close the window and drop what was typed?</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/widgets.py" line="118"/>
        <source>Продолжить ввод</source>
        <translation>Keep typing</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/widgets.py" line="120"/>
        <source>Отбросить</source>
        <translation>Discard</translation>
    </message>
</context>
<context>
    <name>LetterCard</name>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="84"/>
        <source>Письмо</source>
        <translation>Letter</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="89"/>
        <source>Адресат</source>
        <translation>Addressee</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="89"/>
        <source>Латиницей</source>
        <translation>In Latin letters</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="90"/>
        <source>Трек-номер</source>
        <translation>Tracking number</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="90"/>
        <source>Заявление</source>
        <translation>Application</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="91"/>
        <source>Состояние</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="91"/>
        <source>Отделение</source>
        <translation>Post office</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="91"/>
        <source>Поступило</source>
        <translation>Arrived</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="92"/>
        <source>Хранится до</source>
        <translation>Held until</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="92"/>
        <source>Документ</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="100"/>
        <source>С паспорта в руках</source>
        <translation>From the passport in hand</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="101"/>
        <source>Введите номер с паспорта, который держите в руках, или сканируйте его MRZ</source>
        <translation>Enter the number from the passport you are holding, or scan its MRZ</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="105"/>
        <source>Паспорт сверен — выдать письмо</source>
        <translation>Passport checked — hand over the letter</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="110"/>
        <source>&amp;Паспорт №</source>
        <translation>&amp;Passport No.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="130"/>
        <source>Сканируйте штрихкод письма или найдите его по паспорту или фамилии.</source>
        <translation>Scan the letter’s barcode or find it by passport or surname.</translation>
    </message>
</context>
<context>
    <name>LettersSection</name>
    <message>
        <location filename="../../operator_app/views/letters_section.py" line="83"/>
        <source>Индекс</source>
        <translation>Postal code</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/letters_section.py" line="84"/>
        <source>Отделение</source>
        <translation>Post office</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/letters_section.py" line="85"/>
        <source>Ждут письма</source>
        <translation>Waiting for a letter</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/letters_section.py" line="92"/>
        <source>Отделения и их письма</source>
        <translation>Post offices and their letters</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/letters_section.py" line="112"/>
        <source>Создать пакет и напечатать…</source>
        <translation>Create batch and print…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/letters_section.py" line="115"/>
        <source>Напечатанные — отметить…</source>
        <translation>Mark as printed…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/letters_section.py" line="117"/>
        <source>Письма пакета, напечатанные из сохранённого файла</source>
        <translation>Batch letters printed from the saved file</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/letters_section.py" line="120"/>
        <source>Напечатанные переданы почте</source>
        <translation>Printed letters handed to the post</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/letters_section.py" line="123"/>
        <source>Обновить</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/letters_section.py" line="127"/>
        <source>Пакет — письма всем заявителям, выбравшим это отделение: код в каждом письме существует только до печати, поэтому письма и реестр сохраняются в папку {0} вместе с созданием пакета.</source>
        <translation>A batch is letters to all applicants who chose this post office: the code in each letter exists only until printing, so the letters and the register are saved to {0} when the batch is created.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/letters_section.py" line="138"/>
        <source>Письма с кодами</source>
        <translation>Letters with codes</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/letters_section.py" line="211"/>
        <source>Создание пакета…</source>
        <translation>Creating the batch…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/letters_section.py" line="218"/>
        <source>Для «{0}» писем нет: никто не ждёт.</source>
        <translation>No letters for “{0}”: nobody is waiting.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/letters_section.py" line="222"/>
        <source>Пакет № {0}: писем {1} для «{2}»; файлы — в {3}.</source>
        <translation>Batch No. {0}: {1} letters for “{2}”; files are in {3}.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/letters_section.py" line="230"/>
        <source>{0} Письма сохранены в {1} — напечатайте их оттуда.</source>
        <translation>{0} The letters are saved in {1} — print them from there.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/letters_section.py" line="236"/>
        <source>Пакет № {0} напечатан: писем {1}.</source>
        <translation>Batch No. {0} printed: {1} letters.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/letters_section.py" line="241"/>
        <source>Пакет № {0} не напечатан. Письма сохранены в {1}: напечатайте файл, затем нажмите «Напечатанные — отметить».</source>
        <translation>Batch No. {0} was not printed. The letters are saved in {1}: print the file, then press “Mark as printed”.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/letters_section.py" line="250"/>
        <source>Письма напечатаны</source>
        <translation>Letters printed</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/letters_section.py" line="251"/>
        <source>Письма для «{0}» ({1}) напечатаны из сохранённого файла? Файл с кодами будет удалён.</source>
        <translation>Were the letters for “{0}” ({1}) printed from the saved file? The file with the codes will be deleted.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/letters_section.py" line="266"/>
        <source>Отмечено напечатанными: {0} писем для «{1}».</source>
        <translation>Marked as printed: {0} letters for “{1}”.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/letters_section.py" line="278"/>
        <source>Передать почте</source>
        <translation>Hand to the post</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/letters_section.py" line="279"/>
        <source>Отметить {0} напечатанных писем для «{1}» переданными почте?</source>
        <translation>Mark {0} printed letters for “{1}” as handed to the post?</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/letters_section.py" line="294"/>
        <source>Передано почте: {0} писем для «{1}».</source>
        <translation>Handed to the post: {0} letters for “{1}”.</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="82"/>
        <source>Рабочее место заблокировано</source>
        <translation>Workstation locked</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="88"/>
        <source>Оператор: {0}. Введите пароль, чтобы продолжить работу — открытые данные сохранены.</source>
        <translation>Operator: {0}. Enter your password to continue — open work is kept.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="93"/>
        <source>Пароль</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="96"/>
        <source>Разблокировать</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="99"/>
        <source>Сменить оператора</source>
        <translation>Switch operator</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="136"/>
        <source>Введите пароль.</source>
        <translation>Enter the password.</translation>
    </message>
</context>
<context>
    <name>LogTab</name>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="90"/>
        <source>Все точки</source>
        <translation>All service points</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="130"/>
        <source>Все операторы</source>
        <translation>All operators</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="133"/>
        <source>Журнал с дня</source>
        <translation>Log from day</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="134"/>
        <source>Журнал по день</source>
        <translation>Log to day</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="135"/>
        <source>Точка обслуживания</source>
        <translation>Service point</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="136"/>
        <source>Оператор</source>
        <translation>Operator</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="137"/>
        <source>Действие</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="139"/>
        <source>Все действия</source>
        <translation>All actions</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="144"/>
        <source>№ заявления</source>
        <translation>Application No.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="148"/>
        <source>Фамилия или имя заявителя</source>
        <translation>Applicant’s surname or name</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="150"/>
        <source>Сбросить</source>
        <translation>Reset</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="167"/>
        <source>События журнала</source>
        <translation>Log events</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="168"/>
        <source>Выбранное событие подробно — в поле рядом с таблицей</source>
        <translation>The selected event in full is in the box beside the table</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="185"/>
        <source>Подробности события</source>
        <translation>Event details</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="187"/>
        <source>Данные заявителя…</source>
        <translation>Applicant data…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="189"/>
        <source>Просмотр персональных данных записывается в журнал</source>
        <translation>Viewing personal data is logged</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="198"/>
        <source>С</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="200"/>
        <source>по</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="213"/>
        <source>Событие целиком:</source>
        <translation>Full event:</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="272"/>
        <source>Конец периода раньше начала.</source>
        <translation>The end of the period is before its start.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="275"/>
        <source>Загрузка…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="292"/>
        <source>Событий: {0}</source>
        <translation>Events: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="293"/>
        <source>Событий по этим условиям нет.</source>
        <translation>No events match these filters.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="335"/>
        <source>Журнал: {0}, запись № {1}</source>
        <translation>Log: {0}, entry No. {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="337"/>
        <source>Оператор: {0}</source>
        <translation>Operator: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="340"/>
        <source>Заявление: {0}</source>
        <translation>Application: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="344"/>
        <source>Запись: {0} № {1}</source>
        <translation>Record: {0} No. {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="346"/>
        <source>Запись: {0}</source>
        <translation>Record: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="351"/>
        <source>Контрольная сумма записи: {0}</source>
        <translation>Entry checksum: {0}</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../operator_app/views/login.py" line="51"/>
        <source>Operator Desk — вход</source>
        <translation>Operator Desk — log in</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/login.py" line="55"/>
        <source>например, ivanova</source>
        <translation>e.g. ivanova</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/login.py" line="63"/>
        <source>&amp;Логин</source>
        <translation>&amp;Login</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/login.py" line="64"/>
        <source>&amp;Пароль</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/login.py" line="72"/>
        <source>Язык программы</source>
        <translation>Program language</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/login.py" line="73"/>
        <source>Язык программы: русский или английский</source>
        <translation>Program language: Russian or English</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/login.py" line="79"/>
        <source>&amp;Язык</source>
        <translation>Lan&amp;guage</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/login.py" line="90"/>
        <location filename="../../operator_app/views/login.py" line="166"/>
        <source>Войти</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/login.py" line="91"/>
        <source>Закрыть</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/login.py" line="97"/>
        <source>Вход оператора</source>
        <translation>Operator login</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/login.py" line="98"/>
        <source>Подтверждение личности иностранных граждан на Госуслугах</source>
        <translation>Identity confirmation of foreign citizens for Gosuslugi</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/login.py" line="110"/>
        <source>База данных: {0}</source>
        <translation>Database: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/login.py" line="115"/>
        <source>Не установлено (рабочее место работает без этого): {0}</source>
        <translation>Not installed (the workstation works without it): {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/login.py" line="132"/>
        <source>Введите логин.</source>
        <translation>Enter the login.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/login.py" line="136"/>
        <source>Введите пароль.</source>
        <translation>Enter the password.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/login.py" line="140"/>
        <source>Проверка…</source>
        <translation>Checking…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="48"/>
        <source>Приём заявителей</source>
        <translation>Applicant reception</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="49"/>
        <source>Выдача писем</source>
        <translation>Letter counter</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="50"/>
        <source>Журнал и отчёты</source>
        <translation>Log and reports</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="51"/>
        <source>Письма Почты</source>
        <translation>Post letters</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="52"/>
        <source>Операторы</source>
        <translation>Operators</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="189"/>
        <source>Operator Desk — {0}</source>
        <translation>Operator Desk — {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="198"/>
        <source>Разделы</source>
        <translation>Sections</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="211"/>
        <source>Ctrl+{0}</source>
        <translation>Ctrl+{0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="279"/>
        <source>Сначала разблокируйте рабочее место, затем сканируйте код.</source>
        <translation>Unlock the workstation first, then scan the code.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="323"/>
        <source>Рабочее место готово к приёму.</source>
        <translation>The workstation is ready for applicants.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="334"/>
        <source>&amp;Сеанс</source>
        <translation>&amp;Session</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="335"/>
        <source>&amp;Заблокировать рабочее место</source>
        <translation>&amp;Lock workstation</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="338"/>
        <source>&amp;Выйти</source>
        <translation>Log &amp;out</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="341"/>
        <source>&amp;Проверка рабочего места…</source>
        <translation>Workstation &amp;check…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="355"/>
        <source>&amp;Разделы</source>
        <translation>Sec&amp;tions</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="365"/>
        <source>Ви&amp;д</source>
        <translation>Vie&amp;w</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="366"/>
        <source>&amp;Крупнее</source>
        <translation>&amp;Larger</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="370"/>
        <source>&amp;Мельче</source>
        <translation>&amp;Smaller</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="373"/>
        <source>&amp;Обычный размер</source>
        <translation>&amp;Normal size</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="376"/>
        <source>&amp;Высокая контрастность</source>
        <translation>&amp;High contrast</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="395"/>
        <source>Размер шрифта: {0} %</source>
        <translation>Font size: {0} %</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="438"/>
        <source>{0} · {1}</source>
        <translation>{0} · {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="444"/>
        <source>БД: {0}</source>
        <translation>DB: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="528"/>
        <source>Выйти</source>
        <translation>Log out</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="550"/>
        <source>Работа не закончена</source>
        <translation>Work not finished</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="556"/>
        <source>У оператора {0} осталась незаконченная работа. Если выйти, она не будет сохранена.</source>
        <translation>Operator {0} has unfinished work. If you log out, it will not be saved.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="559"/>
        <source>Если выйти сейчас, не будет сохранено:</source>
        <translation>If you log out now, this will not be saved:</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="561"/>
        <source>Остаться</source>
        <translation>Stay</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/main_window.py" line="598"/>
        <source>Закрыть</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>MrzCameraDialog</name>
    <message>
        <location filename="../../operator_app/views/mrz_camera.py" line="63"/>
        <source>MRZ с камеры</source>
        <translation>MRZ from camera</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/mrz_camera.py" line="68"/>
        <source>Камера включается…</source>
        <translation>Starting the camera…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/mrz_camera.py" line="74"/>
        <source>Отмена</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/mrz_camera.py" line="119"/>
        <source>Совпало кадров: {0} из 2</source>
        <translation>Matching frames: {0} of 2</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/mrz_camera.py" line="123"/>
        <source>MRZ прочитана.</source>
        <translation>MRZ read.</translation>
    </message>
</context>
<context>
    <name>OpenRepeatDialog</name>
    <message>
        <location filename="../../operator_app/views/desk.py" line="718"/>
        <source>Повторный визит</source>
        <translation>Repeat visit</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="722"/>
        <source>Причина визита</source>
        <translation>Reason for the visit</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="727"/>
        <source>Открыть визит</source>
        <translation>Open visit</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="728"/>
        <source>Отмена</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/desk.py" line="739"/>
        <source>Выберите причину повторного визита.</source>
        <translation>Choose the reason for the repeat visit.</translation>
    </message>
</context>
<context>
    <name>OperatorDialog</name>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="42"/>
        <source>Новый оператор</source>
        <translation>New operator</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="44"/>
        <source>Иванова Мария</source>
        <translation>Ivanova Maria</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="50"/>
        <source>ЦО</source>
        <translation>Service center</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="50"/>
        <source>Почта</source>
        <translation>Post</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="55"/>
        <source>&amp;Логин</source>
        <translation>&amp;Login</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="56"/>
        <source>&amp;Фамилия и имя</source>
        <translation>&amp;Full name</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="57"/>
        <source>&amp;Роль</source>
        <translation>&amp;Role</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="58"/>
        <source>&amp;Точка</source>
        <translation>&amp;Service point</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="59"/>
        <source>&amp;Пароль</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="64"/>
        <source>Добавить</source>
        <translation>Add</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="65"/>
        <source>Отмена</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="85"/>
        <source>Новый пароль: {0}</source>
        <translation>New password: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="90"/>
        <source>{0} ({1}) войдёт с этим паролем; блокировка после неверных попыток снимается.</source>
        <translation>{0} ({1}) will log in with this password; the lock after wrong attempts is lifted.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="95"/>
        <source>&amp;Новый пароль</source>
        <translation>&amp;New password</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="96"/>
        <source>&amp;Ещё раз</source>
        <translation>Password &amp;again</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="101"/>
        <source>Сменить пароль</source>
        <translation>Change password</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="102"/>
        <source>Отмена</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="124"/>
        <source>Пароли не совпадают.</source>
        <translation>The passwords do not match.</translation>
    </message>
</context>
<context>
    <name>PostCounterSection</name>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="260"/>
        <source>Камера выключена.
Поднесите штрихкод письма к камере или сканируйте его ручным сканером.</source>
        <translation>The camera is off.
Hold the letter’s barcode up to the camera or scan it with the hand scanner.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="265"/>
        <source>Трек-номер, номер паспорта или фамилия — и Enter</source>
        <translation>Tracking number, passport number or surname, then Enter</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="271"/>
        <source>Найти</source>
        <translation>Find</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="274"/>
        <source>Трек-номер</source>
        <translation>Tracking number</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="275"/>
        <source>Адресат</source>
        <translation>Addressee</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="277"/>
        <source>Латиницей</source>
        <translation>In Latin letters</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="278"/>
        <source>Состояние</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="280"/>
        <source>Хранится до</source>
        <translation>Held until</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="286"/>
        <source>Письма отделения</source>
        <translation>Letters of the office</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="303"/>
        <location filename="../../operator_app/views/post_counter.py" line="545"/>
        <source>Приёмка писем</source>
        <translation>Letter intake</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="306"/>
        <source>Включите, когда пришла почта: каждое сканированное письмо отмечается поступившим</source>
        <translation>Turn on when the mail arrives: every scanned letter is marked as arrived</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="309"/>
        <location filename="../../operator_app/views/post_counter.py" line="357"/>
        <source>Сверка смены…</source>
        <translation>Shift reconciliation…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="312"/>
        <location filename="../../operator_app/views/post_counter.py" line="358"/>
        <source>Вернуть невостребованные…</source>
        <translation>Return unclaimed…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="322"/>
        <source>Выдача писем с кодами</source>
        <translation>Handing over letters with codes</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="349"/>
        <source>&amp;Письма</source>
        <translation>&amp;Letters</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="351"/>
        <source>Найти письмо</source>
        <translation>Find a letter</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="352"/>
        <source>Список писем</source>
        <translation>Letter list</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="353"/>
        <source>Номер паспорта</source>
        <translation>Passport number</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="354"/>
        <source>Паспорт сверен — выдать письмо</source>
        <translation>Passport checked — hand over the letter</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="356"/>
        <source>Приёмка писем (вкл./выкл.)</source>
        <translation>Receiving letters (on/off)</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="456"/>
        <source>Писем для этого отделения пока нет.</source>
        <translation>No letters for this post office yet.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="462"/>
        <source>Найдено писем: {0}. Выберите письмо адресата в списке.</source>
        <translation>Letters found: {0}. Select the addressee’s letter in the list.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="465"/>
        <source>Писем по этому запросу в отделении нет.</source>
        <translation>No letters at this office match the search.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="488"/>
        <source>Сначала найдите письмо, затем сканируйте паспорт.</source>
        <translation>Find the letter first, then scan the passport.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="527"/>
        <source>Письмо {0}: {1}.</source>
        <translation>Letter {0}: {1}.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="533"/>
        <source>Уже вручено {0}.</source>
        <translation>Already handed over {0}.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="536"/>
        <source>Письмо возвращено отправителю: срок хранения истёк, код отозван.</source>
        <translation>The letter was returned to the sender: the holding period expired and the code is revoked.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="539"/>
        <source>Письмо ещё не отмечено поступившим: включите «Приёмка писем» и сканируйте его.</source>
        <translation>The letter is not marked as arrived yet: turn on “Letter intake” and scan it.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="544"/>
        <source>Приёмка писем: вкл.</source>
        <translation>Letter intake: on</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="547"/>
        <source>Приёмка: сканируйте каждое поступившее письмо.</source>
        <translation>Intake: scan every letter that has arrived.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="548"/>
        <source>Приёмка закончена.</source>
        <translation>Intake finished.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="558"/>
        <source>Поступило: {0} — {1}.</source>
        <translation>Arrived: {0} — {1}.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="592"/>
        <source>Письмо {0} вручено: {1}. Код — в письме; в журнале записано, кто и когда выдал.</source>
        <translation>Letter {0} handed over: {1}. The code is in the letter; the log records who handed it over and when.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="637"/>
        <source>Вернуть невостребованные</source>
        <translation>Return unclaimed</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="638"/>
        <source>Вернуть отправителю письма, пролежавшие в отделении больше {0} дней? Их коды будут отозваны.</source>
        <translation>Return to the sender the letters held at the office for more than {0} days? Their codes will be revoked.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="654"/>
        <source>Возвращено писем: {0}; их коды отозваны.</source>
        <translation>Letters returned: {0}; their codes are revoked.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="655"/>
        <source>Невостребованных писем с истёкшим сроком нет.</source>
        <translation>No unclaimed letters past their holding period.</translation>
    </message>
</context>
<context>
    <name>PrintPreview</name>
    <message>
        <location filename="../../operator_app/views/print_service.py" line="36"/>
        <source>Не удалось сохранить PDF в папку печати {0}: {1}</source>
        <translation>Could not save the PDF to the print folder {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/print_service.py" line="49"/>
        <source>Документ для печати не сформирован (PDF не читается).</source>
        <translation>The document for printing was not produced (the PDF cannot be read).</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/print_service.py" line="68"/>
        <source>Принтер недоступен: проверьте, что он включён и подключён. Код остаётся на экране.</source>
        <translation>The printer is unavailable: check that it is on and connected. The code stays on screen.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/print_service.py" line="90"/>
        <source>Предпросмотр: {0}</source>
        <translation>Preview: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/print_service.py" line="97"/>
        <source>Печать…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/print_service.py" line="100"/>
        <source>Закрыть</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/print_service.py" line="130"/>
        <source>Документ сохранён: {0}</source>
        <translation>Document saved: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/print_service.py" line="135"/>
        <source>Документ отправлен на печать.</source>
        <translation>Document sent to the printer.</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../operator_app/views/reason_dialog.py" line="52"/>
        <source>Отмена</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ReconciliationDialog</name>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="159"/>
        <source>Сверка смены</source>
        <translation>Shift reconciliation</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="171"/>
        <source>Поступило за день</source>
        <translation>Arrived today</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="171"/>
        <source>Выдано</source>
        <translation>Handed over</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="172"/>
        <source>Возвращено</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="172"/>
        <source>На хранении к концу дня</source>
        <translation>Held at the end of the day</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="173"/>
        <source>К возврату в ближайшие дни (и просрочено)</source>
        <translation>Due for return in the next days (and overdue)</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="183"/>
        <source>Срок хранения истекает</source>
        <translation>Storage period ending</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="185"/>
        <source>Печать…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="191"/>
        <source>Закрыть</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="195"/>
        <source>&amp;День:</source>
        <translation>&amp;Day:</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="202"/>
        <source>Срок хранения истекает:</source>
        <translation>Holding period ends:</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="234"/>
        <source>просрочено</source>
        <translation>overdue</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/post_counter.py" line="238"/>
        <source>Нет писем, которые скоро возвращать.</source>
        <translation>No letters are due for return soon.</translation>
    </message>
</context>
<context>
    <name>RecordDialog</name>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="362"/>
        <source>Заявление {0}</source>
        <translation>Application {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="366"/>
        <source>Заявитель</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="367"/>
        <source>Дата рождения</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="368"/>
        <source>Гражданство</source>
        <translation>Citizenship</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="368"/>
        <source>Учётная запись</source>
        <translation>Account</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="369"/>
        <source>Документы</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="370"/>
        <source>Связь</source>
        <translation>Contacts</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="370"/>
        <source>Адрес</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="371"/>
        <source>Визиты</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="377"/>
        <source>Просмотр записан в журнал.</source>
        <translation>This viewing is logged.</translation>
    </message>
</context>
<context>
    <name>RepeatDialog</name>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="109"/>
        <source>Нужен повторный визит</source>
        <translation>Repeat visit needed</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="118"/>
        <source>Мешает подтвердить:</source>
        <translation>Blocking confirmation:</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="123"/>
        <source>Что принести — по одному пункту в строке</source>
        <translation>What to bring — one item per line</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="126"/>
        <source>Причина</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="128"/>
        <source>Принести</source>
        <translation>Bring</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="133"/>
        <source>Завершить визит</source>
        <translation>Finish visit</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="134"/>
        <source>Отмена</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="180"/>
        <source>Выберите причину повторного визита — она будет в листе для заявителя.</source>
        <translation>Choose the reason for the repeat visit — it goes on the applicant’s sheet.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="185"/>
        <source>Перечислите, что заявителю нужно принести.</source>
        <translation>List what the applicant needs to bring.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="196"/>
        <source>— выберите причину —</source>
        <translation>— choose a reason —</translation>
    </message>
</context>
<context>
    <name>RevokeDialog</name>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="745"/>
        <source>код выдан по ошибке</source>
        <translation>code issued by mistake</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="745"/>
        <source>выдан не тому заявителю</source>
        <translation>issued to the wrong applicant</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="746"/>
        <source>заявитель сообщил, что код стал известен другим</source>
        <translation>the applicant reported that others learned the code</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="746"/>
        <source>другое</source>
        <translation>other</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="752"/>
        <location filename="../../operator_app/views/supervisor.py" line="773"/>
        <source>Отозвать код</source>
        <translation>Revoke code</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="754"/>
        <source>Номер заявления, 12 цифр</source>
        <translation>Application number, 12 digits</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="758"/>
        <source>Найти код</source>
        <translation>Find code</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="760"/>
        <source>Введите номер заявления и нажмите «Найти код».</source>
        <translation>Enter the application number and press “Find code”.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="768"/>
        <source>Причина отзыва</source>
        <translation>Reason for revoking</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="777"/>
        <source>Отмена</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="786"/>
        <source>Заявление</source>
        <translation>Application</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="787"/>
        <source>Код</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="788"/>
        <source>&amp;Причина</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="801"/>
        <source>Нажмите «Найти код».</source>
        <translation>Press “Find code”.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="820"/>
        <source>Действующего кода у этого заявления нет: отзывать нечего.</source>
        <translation>This application has no valid code: nothing to revoke.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="824"/>
        <source>в письме Почты</source>
        <translation>in a post letter</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="825"/>
        <source>выдал(а) {0}</source>
        <translation>issued by {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="826"/>
        <source>Выдан {0}, {1}; действует до {2}.</source>
        <translation>Issued {0}, {1}; valid until {2}.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="859"/>
        <source>Код заявления {0} отозван.</source>
        <translation>The code of application {0} is revoked.</translation>
    </message>
</context>
<context>
    <name>RoleDialog</name>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="134"/>
        <source>Роль: {0}</source>
        <translation>Role: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="140"/>
        <source>Сейчас: {0}. Новая роль действует со следующего входа.</source>
        <translation>Now: {0}. The new role applies from the next login.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="144"/>
        <source>&amp;Роль</source>
        <translation>&amp;Role</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="148"/>
        <source>Сменить роль</source>
        <translation>Change role</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/operators_section.py" line="149"/>
        <source>Отмена</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ScanPanel</name>
    <message>
        <location filename="../../operator_app/views/scan_panel.py" line="47"/>
        <source>Изображения и PDF (*.png *.jpg *.jpeg *.bmp *.webp *.pdf);;Все файлы (*)</source>
        <translation>Images and PDF (*.png *.jpg *.jpeg *.bmp *.webp *.pdf);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/scan_panel.py" line="202"/>
        <source>Камера</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/scan_panel.py" line="206"/>
        <location filename="../../operator_app/views/scan_panel.py" line="283"/>
        <location filename="../../operator_app/views/scan_panel.py" line="358"/>
        <source>Включить камеру</source>
        <translation>Turn on camera</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/scan_panel.py" line="210"/>
        <source>Открыть файл…</source>
        <translation>Open file…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/scan_panel.py" line="211"/>
        <source>Фото или скан заявления, PDF (Ctrl+O). Файл можно перетащить сюда.</source>
        <translation>Photo or scan of the application, PDF (Ctrl+O). You can drag a file here.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/scan_panel.py" line="217"/>
        <source>Камера выключена.
Наведите камеру на QR-код заявления, отсканируйте его ручным сканером или перетащите файл.</source>
        <translation>The camera is off.
Point the camera at the application QR code, scan it with the hand scanner or drag a file here.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/scan_panel.py" line="254"/>
        <source>Нет камеры</source>
        <translation>No camera</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/scan_panel.py" line="256"/>
        <source>Камеры нет: работают ручной сканер, файл и ввод номера.</source>
        <translation>No camera: the hand scanner, files and typing the number still work.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/scan_panel.py" line="289"/>
        <source>Камера не найдена. Подключите камеру или используйте ручной сканер, файл или ввод номера.</source>
        <translation>Camera not found. Connect a camera or use the hand scanner, a file or type the number.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/scan_panel.py" line="301"/>
        <source>Выключить камеру</source>
        <translation>Turn off camera</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/scan_panel.py" line="302"/>
        <source>Камера включается…</source>
        <translation>Starting the camera…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/scan_panel.py" line="366"/>
        <source>Файл с QR-кодом заявления</source>
        <translation>File with the application QR code</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/scan_panel.py" line="374"/>
        <source>Чтение файла {0}…</source>
        <translation>Reading file {0}…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/scan_panel.py" line="382"/>
        <source>В файле {0} не найден QR-код. Нужен снимок, где код виден целиком и резко.</source>
        <translation>No QR code found in file {0}. The picture must show the whole code, sharply.</translation>
    </message>
</context>
<context>
    <name>SectionPage</name>
    <message>
        <location filename="../../operator_app/views/sections.py" line="32"/>
        <source>ожидает подтверждения</source>
        <translation>awaiting confirmation</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/sections.py" line="32"/>
        <source>активна</source>
        <translation>active</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/sections.py" line="33"/>
        <source>заблокирована</source>
        <translation>blocked</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/sections.py" line="36"/>
        <source>в центре обслуживания</source>
        <translation>at a service center</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/sections.py" line="36"/>
        <source>письмом Почты России</source>
        <translation>by Russian Post letter</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/sections.py" line="39"/>
        <source>создано</source>
        <translation>created</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/sections.py" line="39"/>
        <source>напечатано</source>
        <translation>printed</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/sections.py" line="40"/>
        <source>в пути</source>
        <translation>in transit</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/sections.py" line="40"/>
        <source>в отделении</source>
        <translation>at the post office</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/sections.py" line="41"/>
        <source>вручено</source>
        <translation>handed over</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/sections.py" line="41"/>
        <source>возвращено</source>
        <translation>returned</translation>
    </message>
</context>
<context>
    <name>SelfTestDialog</name>
    <message>
        <location filename="../../operator_app/views/selftest_dialog.py" line="28"/>
        <source>Печать</source>
        <translation>Printing</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/selftest_dialog.py" line="32"/>
        <source>в PDF-файлы: {0}</source>
        <translation>to PDF files: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/selftest_dialog.py" line="34"/>
        <source>Папки для PDF {0} нет: создайте её или очистите настройку print_to_pdf_dir.</source>
        <translation>The PDF folder {0} does not exist: create it or clear the print_to_pdf_dir setting.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/selftest_dialog.py" line="41"/>
        <source>принтер по умолчанию: {0}</source>
        <translation>default printer: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/selftest_dialog.py" line="44"/>
        <source>принтер выбирается при печати</source>
        <translation>the printer is chosen when printing</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/selftest_dialog.py" line="46"/>
        <source>Принтер не найден: подключите его или задайте папку для PDF (print_to_pdf_dir).</source>
        <translation>No printer found: connect one or set a PDF folder (print_to_pdf_dir).</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/selftest_dialog.py" line="62"/>
        <source>Проверка рабочего места</source>
        <translation>Workstation check</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/selftest_dialog.py" line="64"/>
        <location filename="../../operator_app/views/selftest_dialog.py" line="98"/>
        <source>Проверка…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/selftest_dialog.py" line="69"/>
        <source>Результаты проверки</source>
        <translation>Check results</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/selftest_dialog.py" line="71"/>
        <source>Проверить снова</source>
        <translation>Check again</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/selftest_dialog.py" line="73"/>
        <source>Закрыть</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/selftest_dialog.py" line="75"/>
        <source>Тестовая карточка…</source>
        <translation>Test card…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/selftest_dialog.py" line="77"/>
        <source>Напечатать карточку с QR-кодом: поднесённая к камере, она проверяет распознавание от объектива до текста.</source>
        <translation>Print a card with a QR code: held in front of the camera, it checks recognition from the lens to the text.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/selftest_dialog.py" line="111"/>
        <source>Тестовая карточка</source>
        <translation>Test card</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/selftest_dialog.py" line="124"/>
        <source>готово</source>
        <translation>ready</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/selftest_dialog.py" line="124"/>
        <source>требует внимания</source>
        <translation>needs attention</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/selftest_dialog.py" line="129"/>
        <source>Рабочее место готово.</source>
        <translation>The workstation is ready.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/selftest_dialog.py" line="130"/>
        <source>Требует внимания: {0}.</source>
        <translation>Needs attention: {0}.</translation>
    </message>
</context>
<context>
    <name>SummaryTab</name>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="533"/>
        <source>День сводки</source>
        <translation>Day of the summary</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="534"/>
        <source>Точка обслуживания</source>
        <translation>Service point</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="537"/>
        <source>Отчёт PDF…</source>
        <translation>PDF report…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="540"/>
        <source>CSV…</source>
        <translation>CSV…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="543"/>
        <source>Печать…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="548"/>
        <source>За день</source>
        <translation>Day total</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="548"/>
        <source>± к вчера</source>
        <translation>± vs yesterday</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="548"/>
        <source>± к неделе</source>
        <translation>± vs last week</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="553"/>
        <source>Время обслуж., медиана</source>
        <translation>Service time, median</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="554"/>
        <source>Время обслуж., 90-й проц.</source>
        <translation>Service time, 90th pct.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="570"/>
        <source>Точка</source>
        <translation>Service point</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="571"/>
        <source>Оператор</source>
        <translation>Operator</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="572"/>
        <source>Визиты</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="574"/>
        <source>Подтверждено</source>
        <translation>Confirmed</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="576"/>
        <source>Повторно</source>
        <translation>Repeat</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="578"/>
        <source>Отказы</source>
        <translation>Refusals</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="580"/>
        <source>Медиана</source>
        <translation>Median</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="582"/>
        <source>90%</source>
        <translation>90%</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="586"/>
        <source>Итоги дня по операторам</source>
        <translation>The day by operator</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="594"/>
        <source>День:</source>
        <translation>Day:</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="667"/>
        <source>Визиты по часам</source>
        <translation>Visits by hour</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="668"/>
        <source>первичные</source>
        <translation>first</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="669"/>
        <source>повторные</source>
        <translation>repeat</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="671"/>
        <source>Итоги визитов</source>
        <translation>Visit outcomes</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="673"/>
        <location filename="../../operator_app/views/supervisor.py" line="676"/>
        <source>визиты</source>
        <translation>visits</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="675"/>
        <source>Время обслуживания, мин</source>
        <translation>Service time, min</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="701"/>
        <source>Сохранить отчёт</source>
        <translation>Save report</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="713"/>
        <source>Отчёт сохранён: {0}</source>
        <translation>Report saved: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="715"/>
        <source>Не удалось сохранить отчёт: {0}</source>
        <translation>Could not save the report: {0}</translation>
    </message>
</context>
<context>
    <name>SupervisorSection</name>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="874"/>
        <location filename="../../operator_app/views/supervisor.py" line="918"/>
        <source>Проверить целостность журнала</source>
        <translation>Verify log integrity</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="877"/>
        <location filename="../../operator_app/views/supervisor.py" line="919"/>
        <source>Отозвать код…</source>
        <translation>Revoke code…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="884"/>
        <source>Журнал событий</source>
        <translation>Event log</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="885"/>
        <source>Сводка дня</source>
        <translation>Day summary</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="888"/>
        <source>Журнал и отчёты</source>
        <translation>Log and reports</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="898"/>
        <source>&amp;Журнал</source>
        <translation>&amp;Log</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="900"/>
        <source>Найти в журнале по фамилии</source>
        <translation>Find in the log by surname</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="902"/>
        <source>Найти в журнале по номеру заявления</source>
        <translation>Find in the log by application number</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="904"/>
        <source>Дата (начало периода или день сводки)</source>
        <translation>Date (start of the period or the summary&apos;s day)</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="906"/>
        <source>Сбросить фильтры</source>
        <translation>Reset the filters</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="907"/>
        <source>Данные заявителя…</source>
        <translation>Applicant&apos;s data…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="908"/>
        <source>Вкладка «Журнал событий»</source>
        <translation>Tab «Event log»</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="910"/>
        <source>Вкладка «Сводка дня»</source>
        <translation>Tab «Day summary»</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="912"/>
        <source>Отчёт PDF…</source>
        <translation>PDF report…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="914"/>
        <source>Отчёт CSV…</source>
        <translation>CSV report…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="916"/>
        <source>Печать отчёта…</source>
        <translation>Print the report…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="986"/>
        <source>Проверка журнала…</source>
        <translation>Verifying the log…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="998"/>
        <source>Журнал цел: проверено событий — {0}, цепочек — {1}.</source>
        <translation>The log is intact: {0} events in {1} chains verified.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="1002"/>
        <source>Журнал нарушен: {0}. Проверено событий: {1}.</source>
        <translation>The log is broken: {0}. Events verified: {1}.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="1005"/>
        <source>событие № {0} цепочки {1}</source>
        <translation>event No. {0} of chain {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="1007"/>
        <source> (id {0})</source>
        <translation> (id {0})</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/supervisor.py" line="1008"/>
        <source>Журнал нарушен: {0} — {1}. Проверено событий: {2}.</source>
        <translation>The log is broken: {0} — {1}. Events verified: {2}.</translation>
    </message>
</context>
<context>
    <name>VisitPanel</name>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="209"/>
        <source>Не хватало: {0}</source>
        <translation>Missing: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="212"/>
        <source>Исправлено: {0}</source>
        <translation>Corrected: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="232"/>
        <source>Визит</source>
        <translation>Visit</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="242"/>
        <location filename="../../operator_app/views/visit_panel.py" line="466"/>
        <source>Визит не открыт</source>
        <translation>No visit open</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="248"/>
        <source>История визитов</source>
        <translation>Visit history</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="263"/>
        <source>бесплатно (исправление ошибки прошлого визита)</source>
        <translation>free of charge (correcting an error of an earlier visit)</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="267"/>
        <source>Причина повторного визита:</source>
        <translation>Reason for the repeat visit:</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="274"/>
        <location filename="../../operator_app/views/visit_panel.py" line="328"/>
        <source>Документы проверены</source>
        <translation>Documents checked</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="276"/>
        <location filename="../../operator_app/views/visit_panel.py" line="330"/>
        <source>Подтвердить личность и выдать код</source>
        <translation>Confirm identity and issue code</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="280"/>
        <location filename="../../operator_app/views/visit_panel.py" line="331"/>
        <source>Нужен повторный визит…</source>
        <translation>Repeat visit needed…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="282"/>
        <location filename="../../operator_app/views/visit_panel.py" line="332"/>
        <source>Отказать…</source>
        <translation>Refuse…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="285"/>
        <location filename="../../operator_app/views/visit_panel.py" line="333"/>
        <source>Отменить визит</source>
        <translation>Cancel visit</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="287"/>
        <source>Выдать новый код…</source>
        <translation>Issue a new code…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="288"/>
        <source>Код потерян или введён с ошибкой: старый отзывается, выдаётся новый</source>
        <translation>Code lost or entered wrongly: the old one is revoked and a new one issued</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="292"/>
        <location filename="../../operator_app/views/visit_panel.py" line="329"/>
        <source>Исправить данные…</source>
        <translation>Correct data…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="294"/>
        <source>Данные учётной записи расходятся с оригиналами (Ctrl+E)</source>
        <translation>Account data differs from the originals (Ctrl+E)</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="300"/>
        <location filename="../../operator_app/views/visit_panel.py" line="334"/>
        <source>Справка о статусе</source>
        <translation>Status certificate</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="301"/>
        <source>Справка о статусе регистрации для заявителя</source>
        <translation>Registration status certificate for the applicant</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="319"/>
        <source>Закрыть зависший визит…</source>
        <translation>Close stuck visit…</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="344"/>
        <source>Прежние визиты:</source>
        <translation>Earlier visits:</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="413"/>
        <location filename="../../operator_app/views/visit_panel.py" line="469"/>
        <source>Первый визит</source>
        <translation>First visit</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="429"/>
        <source>Причина взята из визита {0}: проверьте и при необходимости измените.</source>
        <translation>The reason is taken from visit {0}: check it and change it if needed.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="433"/>
        <source>Выберите причину повторного визита.</source>
        <translation>Choose the reason for the repeat visit.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="442"/>
        <source>Продолжается ранее открытый визит.</source>
        <translation>An earlier open visit continues.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="468"/>
        <source>Повторный визит</source>
        <translation>Repeat visit</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="470"/>
        <source>{0}: {1}, с {2}</source>
        <translation>{0}: {1}, since {2}</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="484"/>
        <source>Сначала отметьте, что документы проверены.</source>
        <translation>First mark the documents as checked.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="564"/>
        <source>Отказ в подтверждении</source>
        <translation>Refusal of confirmation</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="565"/>
        <source>Причина отказа (будет в журнале и у руководителя):</source>
        <translation>Reason for refusal (goes to the log and the supervisor):</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="566"/>
        <source>Укажите причину отказа</source>
        <translation>Give the reason for refusal</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="567"/>
        <source>Отказать</source>
        <translation>Refuse</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="578"/>
        <source>Новый код</source>
        <translation>New code</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="579"/>
        <source>Почему нужен новый код? Старый перестанет действовать.</source>
        <translation>Why is a new code needed? The old one will stop working.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="580"/>
        <source>Заявитель потерял код</source>
        <translation>The applicant lost the code</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="581"/>
        <source>Укажите, почему нужен новый код.</source>
        <translation>Say why a new code is needed.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="582"/>
        <source>Выдать новый код</source>
        <translation>Issue a new code</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="592"/>
        <source>Закрыть зависший визит</source>
        <translation>Close stuck visit</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="593"/>
        <source>Визит ведёт другой оператор. Закройте его, только если его стол не вернётся к заявителю. Почему визит закрывается?</source>
        <translation>Another operator is running this visit. Close it only if their desk will not return to the applicant. Why is the visit being closed?</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="595"/>
        <source>Стол оператора не отвечает, заявитель ждёт</source>
        <translation>The operator’s desk does not respond; the applicant is waiting</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="596"/>
        <source>Укажите, почему визит закрывается.</source>
        <translation>Say why the visit is being closed.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="597"/>
        <source>Закрыть визит и открыть заново</source>
        <translation>Close the visit and reopen</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="641"/>
        <source>Старый код отозван, выдан новый.</source>
        <translation>The old code is revoked; a new one is issued.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="656"/>
        <source>Выберите причину повторного визита — она будет в журнале и в справке.</source>
        <translation>Choose the reason for the repeat visit — it goes into the log and the certificate.</translation>
    </message>
    <message>
        <location filename="../../operator_app/views/visit_panel.py" line="677"/>
        <source>Визит завершён: {0}.</source>
        <translation>Visit finished: {0}.</translation>
    </message>
</context>
</TS>
